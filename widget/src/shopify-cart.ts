/**
 * On Shopify storefronts the visitor id goes into the cart's attributes, so the `orders/paid` webhook
 * carries it back (`note_attributes.flywheel_visitor_id`) and the order is attributed without any
 * merchant code.
 */
export function writeShopifyCartAttribute(win: Window & { Shopify?: unknown }, visitorId: string): void {
  if (!win.Shopify) return;
  const body = new URLSearchParams({ 'attributes[flywheel_visitor_id]': visitorId });
  win.fetch('/cart/update.js', { method: 'POST', body, credentials: 'same-origin' }).catch(() => {});
}
