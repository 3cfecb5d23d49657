/**
 * The header of a corpus case file: leading `# key: value` lines, up to the first other line.
 * `expect` and `message` are required.
 */
export function caseHeader(name: string, text: string): { header: Map<string, string>; expect: string; message: string } {
  const header = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^# ([a-z-]+): (.*)$/.exec(line);
    if (!m) break;
    header.set(m[1]!, m[2]!);
  }
  const expect = header.get('expect');
  const message = header.get('message');
  if (!expect || !message) throw new Error(`${name}: missing "# expect:" or "# message:" header`);
  return { header, expect, message };
}
