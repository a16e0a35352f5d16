import { describe, expect, it } from 'vitest';
import { numberForms } from '../../src/search/number-forms.js';

describe('numberForms', () => {
  it.each([
    ['9447', ['9.447', '9,447']],
    ['9.447', ['9447', '9,447']],
    ['335,810', ['335810', '335.810']],
    ['1.000.000', ['1000000', '1,000,000']],
  ])('writes %s the other ways: %j', (surface, forms) => {
    expect(numberForms(surface)).toEqual(forms);
  });

  it.each([
    ['2023', 'a year'],
    ['0123', 'a code with a leading zero'],
    ['52,3', 'a decimal'],
    ['9.447,5', 'two kinds of separator'],
    ['12', 'too short to be grouped'],
    ['31/2022', 'a document number'],
  ])('leaves %s alone: %s', (surface) => {
    expect(numberForms(surface)).toEqual([]);
  });
});
