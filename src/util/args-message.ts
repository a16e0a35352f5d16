// Node's parseArgs speaks English ("Unknown option '--outt'"); the command lines of this project
// tell their user what went wrong in Vietnamese.

/** What a parseArgs error means, in Vietnamese: an unknown option, an option given a value it does not take, or one missing its value. */
export function parseArgsMessage(error: Error & { code?: string }): string {
  const option = /'(--?[^' =]+)/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `không có tùy chọn ${option}`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /does not take an argument/.test(error.message) ? `tùy chọn ${option} không nhận giá trị` : `tùy chọn ${option} cần một giá trị, ví dụ ${option} 10`;
  }
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `không hiểu tham số ${/'([^']*)'/.exec(error.message)?.[1] ?? ''}`.trim();
  return error.message;
}
