// Shopify webhooks → Flywheel orders and refunds (docs/integrations.md lists every field used).
import { decimalToMinor } from '../domain/money.ts';
import {
  asArray,
  compact,
  fullName,
  idString,
  isObject,
  isoTime,
  type Json,
  type PlatformAction,
  text,
} from './platform-action.ts';

export const VISITOR_ATTRIBUTE = 'flywheel_visitor_id';

export function shopifyAction(topic: string | undefined, payload: Json): PlatformAction {
  switch (topic) {
    case 'orders/paid':
      return shopifyOrder(payload);
    case 'refunds/create':
      return shopifyRefund(payload);
    default:
      return { kind: 'ignore', reason: `topic ${topic ?? '(none)'} is not handled` };
  }
}

function shopifyOrder(order: Json): PlatformAction {
  const id = idString(order.id);
  if (!id) return { kind: 'ignore', reason: 'order without id' };
  const customer = isObject(order.customer) ? order.customer : {};
  const email = text(customer.email) ?? text(order.email) ?? text(order.contact_email);
  const customerId = idString(customer.id) ?? email;
  if (!customerId) return { kind: 'ignore', reason: 'order without customer or email' };
  const currency = (text(order.currency) ?? '').toUpperCase();
  const visitor = asArray(order.note_attributes).find(
    (a): a is Json => isObject(a) && a.name === VISITOR_ATTRIBUTE,
  );
  const clientDetails = isObject(order.client_details) ? order.client_details : {};
  return {
    kind: 'record_order',
    order: compact({
      external_id: id,
      customer: compact({
        external_id: customerId,
        email,
        name: fullName(customer.first_name, customer.last_name),
      }),
      amount:
        order.total_price === undefined ? undefined : decimalToMinor(String(order.total_price), currency),
      currency,
      coupon_codes: asArray(order.discount_codes)
        .map((d) => (isObject(d) ? text(d.code) : undefined))
        .filter((code): code is string => code !== undefined),
      visitor_id: visitor ? text(visitor.value) : undefined,
      created_at: isoTime(order.created_at),
      ip: text(order.browser_ip) ?? text(clientDetails.browser_ip),
      user_agent: text(clientDetails.user_agent),
    }),
  };
}

function shopifyRefund(refund: Json): PlatformAction {
  const orderId = idString(refund.order_id);
  if (!orderId) return { kind: 'ignore', reason: 'refund without order_id' };
  let amount = 0;
  for (const transaction of asArray(refund.transactions)) {
    if (!isObject(transaction)) continue;
    // Only money that actually went back: refund transactions that did not fail.
    if (transaction.kind !== undefined && transaction.kind !== 'refund') continue;
    if (transaction.status !== undefined && transaction.status !== 'success') continue;
    const currency = (text(transaction.currency) ?? '').toUpperCase();
    amount += decimalToMinor(String(transaction.amount ?? 0), currency);
  }
  if (!(amount > 0)) return { kind: 'ignore', reason: 'refund without a successful refund transaction' };
  const refundId = idString(refund.id);
  return { kind: 'refund', orderExternalId: orderId, amount, ...(refundId ? { refundId } : {}) };
}
