import { describe, expect, it } from 'vitest';
import { isFormLine } from '../../src/ingest/form-line.js';

describe('isFormLine', () => {
  it.each([
    ['Số tiền (viết bằng số): ............................ Bằng chữ: ...............', true],
    ['Kính gửi: ………(1)……..…..…', true],
    ['… , ngày ... tháng … năm ...', true],
    ['Ngày... tháng... năm....', true],
    ['4. Thời hạn vay: ... tháng', true],
    ['Họ và tên: ____________', true],
    ['Mức trợ cấp thất nghiệp hằng tháng:................................. đồng', true],
    ['Số: ……/…….', true],
  ])('takes a line with blanks to fill in as a form line: %s', (text, expected) => {
    expect(isFormLine(text)).toBe(expected);
  });

  it.each([
    ['Có các TK 111, 112,...', false],
    ['Trang thiết bị máy móc: Máy vi tính, Internet, máy in, projector,...', false],
    ['Rủi ro khác (thiên tai, dịch bệnh, chiến tranh, hỏa hoạn...)', false],
    ['Tỷ lệ giải ngân vốn đầu tư công đạt 45% kế hoạch.', false],
    ['Nguyên nhân: thay đổi nhân khẩu, hộ đơn thân chết đi, chuyển đi nơi khác, tách, nhập với hộ khác,...', false],
    ['', false],
  ])('takes an "and so on" inside a sentence as no blank: %s', (text, expected) => {
    expect(isFormLine(text)).toBe(expected);
  });
});
