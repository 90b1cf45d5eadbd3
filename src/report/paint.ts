/**
 * Colour for terminal output. The caller decides (TTY, NO_COLOR, --no-color); this
 * module never looks at the stream itself, so tests get the same text every time.
 */
import { styleText } from 'node:util';

export type Paint = (style: 'green' | 'red' | 'yellow' | 'bold' | 'dim', text: string) => string;

export function painter(color: boolean): Paint {
  if (!color) return (_style, text) => text;
  return (style, text) => styleText(style, text, { validateStream: false });
}
