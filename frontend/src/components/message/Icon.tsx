// Small line icons drawn as SVG (emoji fonts are not everywhere); static paths only.
const PATHS: Record<string, string> = {
  image: 'M4 5h16v14H4z M4 16l5-5 4 4 3-3 4 4 M15.5 9.5a1.5 1.5 0 1 0 0.01 0',
  video: 'M3 6h12v12H3z M15 10l6-3v10l-6-3',
  mic: 'M12 3a3 3 0 0 1 3 3v6a3 3 0 0 1-6 0V6a3 3 0 0 1 3-3z M6 11a6 6 0 0 0 12 0 M12 17v4',
  audio: 'M9 18V5l11-2v13 M9 18a3 3 0 1 1-3-3 3 3 0 0 1 3 3z M20 16a3 3 0 1 1-3-3 3 3 0 0 1 3 3z',
  document: 'M6 2h8l5 5v15H6z M14 2v5h5 M9 13h7 M9 17h7',
  sticker: 'M4 4h11l5 5v11H4z M15 4v5h5 M8 14c1.5 2 6.5 2 8 0',
  round: 'M12 3a9 9 0 1 0 0.01 0 M10 8.5v7l6-3.5z',
  phone: 'M5 4h4l2 5-3 2a11 11 0 0 0 5 5l2-3 5 2v4a2 2 0 0 1-2 2A17 17 0 0 1 3 6a2 2 0 0 1 2-2z',
  pin: 'M12 22s7-7 7-12a7 7 0 0 0-14 0c0 5 7 12 7 12z M12 7.5a2.5 2.5 0 1 0 0.01 0',
  calendar: 'M4 5h16v16H4z M4 10h16 M8 3v4 M16 3v4',
};

/** A 20 px line icon, hidden from assistive tech (the text next to it says what it is). */
export function Icon({ name, className }: { name: keyof typeof PATHS | string; className?: string }) {
  return (
    <svg
      className={`msg-icon${className ? ` ${className}` : ''}`}
      viewBox="0 0 24 24"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={PATHS[name] ?? PATHS.document} />
    </svg>
  );
}
