/** Clipboard API first; the execCommand fallback covers http pages and older browsers. */
export async function copyText(text: string, doc: Document): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const input = doc.createElement('textarea');
    input.value = text;
    input.setAttribute('readonly', '');
    doc.body.appendChild(input);
    input.select();
    try {
      return doc.execCommand('copy');
    } catch {
      return false;
    } finally {
      input.remove();
    }
  }
}
