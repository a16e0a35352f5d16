// The house rules of src/ (scripts/house.ts, also `npm run lint`): a reader can rely on them.
import { describe, expect, it } from 'vitest';
import { houseReport } from '../scripts/house.js';

describe('the source tree', () => {
  const report = houseReport();
  it('has no import circle', () => expect(report.circles).toEqual([]));
  it('has no file over 450 lines', () => expect(report.longFiles).toEqual([]));
  it('has no function over 80 lines', () => expect(report.longFunctions).toEqual([]));
});
