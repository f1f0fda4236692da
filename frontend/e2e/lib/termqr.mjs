// Reads a QR code back out of the half-block text wasync prints in a
// terminal: rebuilds the module matrix (every glyph is dark modules: "█"
// both rows, "▀" the upper, "▄" the lower) and decodes it with jsQR.
import jsQR from 'jsqr';

const colour = '\x1b[38;5;16;48;5;231m';

/** lastQR returns the text of the last QR code printed in out, or null. */
export function lastQR(out) {
  const lines = out.split('\n');
  let end = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i].startsWith(colour)) { end = i; break; }
  }
  if (end < 0) return null;
  let start = end;
  while (start > 0 && lines[start - 1].startsWith(colour)) start--;
  return lines.slice(start, end + 1);
}

/** decodeTerminalQR turns printed half-block lines into the encoded string. */
export function decodeTerminalQR(lines) {
  const rows = [];
  for (const line of lines) {
    const glyphs = [...line.replace(/\x1b\[[0-9;]*m/g, '')];
    rows.push(glyphs.map((g) => g === '█' || g === '▀'));
    rows.push(glyphs.map((g) => g === '█' || g === '▄'));
  }
  const scale = 4;
  const w = rows[0].length * scale;
  const h = rows.length * scale;
  const px = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = rows[Math.floor(y / scale)][Math.floor(x / scale)] ? 0 : 255;
      px.set([v, v, v, 255], (y * w + x) * 4);
    }
  }
  return jsQR(px, w, h)?.data ?? null;
}
