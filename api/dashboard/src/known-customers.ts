// Rewards name their customer by `cus_…` id only, and the API looks customers up by external id, so the
// review queue borrows names from the customers the Customers panel has already loaded.
import { signal } from '@preact/signals';
import type { CustomerObject } from '../../src/schemas/customer.ts';

export const knownCustomers = signal<ReadonlyMap<string, CustomerObject>>(new Map());

export function rememberCustomers(customers: readonly CustomerObject[]): void {
  const next = new Map(knownCustomers.peek());
  for (const customer of customers) next.set(customer.id, customer);
  knownCustomers.value = next;
}

export function describeCustomer(id: string): string {
  const customer = knownCustomers.value.get(id);
  if (!customer) return id;
  return customer.name && customer.email
    ? `${customer.name} <${customer.email}>`
    : (customer.email ?? customer.name ?? customer.external_id);
}
