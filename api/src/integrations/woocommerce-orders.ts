// WooCommerce webhooks → Flywheel orders and refunds (docs/integrations.md lists every field used).
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
import { VISITOR_ATTRIBUTE } from './shopify-orders.ts';

const PAID = new Set(['processing', 'completed']);

export function wooCommerceAction(topic: string | undefined, order: Json): PlatformAction {
  if (topic !== 'order.created' && topic !== 'order.updated') {
    return { kind: 'ignore', reason: `topic ${topic ?? '(none)'} is not handled` };
  }
  const id = idString(order.id);
  if (!id) return { kind: 'ignore', reason: 'order without id' };
  const status = text(order.status);
  if (status === 'refunded') return { kind: 'refund', orderExternalId: id };
  if (!status || !PAID.has(status)) return { kind: 'ignore', reason: `order status ${status ?? '(none)'}` };

  const billing = isObject(order.billing) ? order.billing : {};
  const email = text(billing.email);
  const customerId = idString(order.customer_id) ?? email;
  if (!customerId) return { kind: 'ignore', reason: 'order without customer or email' };
  const currency = (text(order.currency) ?? '').toUpperCase();
  const visitor = asArray(order.meta_data).find((m): m is Json => isObject(m) && m.key === VISITOR_ATTRIBUTE);
  return {
    kind: 'record_order',
    order: compact({
      external_id: id,
      customer: compact({
        external_id: customerId,
        email,
        name: fullName(billing.first_name, billing.last_name),
      }),
      amount: order.total === undefined ? undefined : decimalToMinor(String(order.total), currency),
      currency,
      coupon_codes: asArray(order.coupon_lines)
        .map((c) => (isObject(c) ? text(c.code) : undefined))
        .filter((code): code is string => code !== undefined),
      visitor_id: visitor ? text(visitor.value) : undefined,
      created_at: isoTime(order.date_created_gmt, true) ?? isoTime(order.date_created),
      ip: text(order.customer_ip_address),
      user_agent: text(order.customer_user_agent),
    }),
  };
}

/** The dedupe key when WooCommerce sends no delivery id: one per order revision and topic. */
export function wooCommerceEventId(topic: string | undefined, order: Json): string | undefined {
  const id = idString(order.id);
  if (!id) return undefined;
  return `${topic ?? ''}:${id}:${text(order.date_modified_gmt) ?? text(order.date_modified) ?? ''}`;
}
