/** Internal: HTML escaping shared by the HTML page and its inline SVG. */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escape text for HTML element content and double- or single-quoted attribute values. Control
 * characters other than tab and line breaks are dropped (they are not allowed in HTML).
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
