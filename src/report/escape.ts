/**
 * Escaping for every markup format we write. Scenario names, endpoint paths, error
 * kinds and criterion texts come from YAML and from the target's responses: none of
 * them may break out of the report.
 */

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text content and attribute values in HTML and XML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}

/** XML additionally forbids most control characters, even escaped. */
export function escapeXml(text: string): string {
  return escapeHtml(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''));
}

/** JSON placed inside a <script> element: no `</script>`, `<!--` or line separators can end it early. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A Markdown table cell: pipes and newlines would end the cell or the row; HTML is not interpreted. */
export function escapeMarkdownCell(text: string): string {
  // Backslashes first, or the pipe's own escape would be escaped again and the pipe would end the cell.
  return escapeHtml(text)
    .replace(/([\\`*_[\]])/g, '\\$1')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');
}
