// Stripe events → Flywheel orders and refunds (docs/integrations.md lists every field used).
import { compact, isObject, type Json, type PlatformAction, text } from './platform-action.ts';

export function stripeAction(event: Json): PlatformAction {
  const object = isObject(event.data) && isObject(event.data.object) ? event.data.object : undefined;
  if (!object) return { kind: 'ignore', reason: 'event without data.object' };
  switch (event.type) {
    case 'checkout.session.completed':
      // Delayed payment methods (bank debits) complete the session unpaid; the order is recorded by
      // checkout.session.async_payment_succeeded instead.
      if (object.payment_status === 'unpaid') return { kind: 'ignore', reason: 'session not paid yet' };
      return stripeSessionOrder(object);
    case 'checkout.session.async_payment_succeeded':
      return stripeSessionOrder(object);
    case 'charge.refunded': {
      const paymentIntent = text(object.payment_intent);
      if (!paymentIntent) return { kind: 'ignore', reason: 'charge without payment_intent' };
      const amountRefunded = typeof object.amount_refunded === 'number' ? object.amount_refunded : 0;
      return {
        kind: 'refund_payment',
        paymentRef: paymentIntent,
        amountRefunded,
        full: object.refunded === true,
      };
    }
    default:
      return { kind: 'ignore', reason: `event type ${String(event.type)} is not handled` };
  }
}

function stripeSessionOrder(session: Json): PlatformAction {
  const id = text(session.id);
  if (!id) return { kind: 'ignore', reason: 'session without id' };
  const details = isObject(session.customer_details) ? session.customer_details : {};
  const email = text(details.email) ?? text(session.customer_email);
  const customerId = text(session.customer) ?? email;
  if (!customerId) return { kind: 'ignore', reason: 'session without customer or email' };
  const metadata = isObject(session.metadata) ? session.metadata : {};
  const paymentRef = text(session.payment_intent);
  return {
    kind: 'record_order',
    order: compact({
      external_id: id,
      customer: compact({ external_id: customerId, email, name: text(details.name) }),
      amount: session.amount_total,
      currency: (text(session.currency) ?? '').toUpperCase(),
      visitor_id: text(session.client_reference_id),
      referral_code: text(metadata.referral_code),
      created_at:
        typeof session.created === 'number' ? new Date(session.created * 1000).toISOString() : undefined,
    }),
    ...(paymentRef ? { paymentRef } : {}),
  };
}
