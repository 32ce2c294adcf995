// Jest colours its diffs (ESC [ … m).
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/**
 * The few lines of a Jest failure message that say what went wrong, for the tail of a CI log: the lines
 * of its diff (`- expected`, `+ received`) when it has one, else the message's first lines.
 */
export function failureGist(message: string, maxLines = 25): string[] {
  const lines = message.replace(ANSI, '').split('\n');
  const diff = lines.filter((line) => /^\s*[-+] /.test(line) && !/^\s*(- Expected|\+ Received)\s/.test(line)).map((line) => line.trim());
  const chosen = diff.length > 0 ? diff : lines.map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('at ')).slice(0, 6);
  return chosen.length > maxLines ? [...chosen.slice(0, maxLines), `… ${chosen.length - maxLines} more`] : chosen;
}
