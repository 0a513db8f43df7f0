/**
 * Something a person must see once when the platform starts (the generated admin password): printed in a
 * box after the start-up logs, so it does not scroll away among them.
 */
export interface StartupNotice {
  title: string;
  lines: string[];
}

/** The notice framed by box-drawing characters, each line padded to the widest. */
export function formatNoticeBox(notice: StartupNotice): string {
  const body = [notice.title, '', ...notice.lines];
  const width = Math.max(...body.map((line) => line.length));
  const rule = '─'.repeat(width + 4);
  return ['', `  ╭${rule}╮`, ...body.map((line) => `  │  ${line.padEnd(width)}  │`), `  ╰${rule}╯`, ''].join('\n') + '\n';
}
