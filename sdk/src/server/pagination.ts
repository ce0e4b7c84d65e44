// A list call is both awaitable (the first page) and async-iterable (every item, page after page).

/** One page of a list, exactly as the API answers it. */
export interface Page<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
}

type FetchPage<T> = (startingAfter: string | undefined) => Promise<Page<T>>;

/**
 * What every `list()` returns. Nothing is sent until you use it, and each use sends its own requests:
 *
 * - `await fw.customers.list({ limit: 50 })` → the first {@link Page} (`data`, `has_more`);
 * - `for await (const customer of fw.customers.list())` → every item, fetching the next page (after the
 *   last item's `id`) only when the loop gets there; `break` stops fetching.
 *
 * @example
 * const page = await fw.customers.list({ segment: 'high_value', limit: 10 });
 * for await (const customer of fw.customers.list({ segment: 'silent' })) {
 *   console.log(customer.email);
 * }
 */
export class ListRequest<T extends { id: string }> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  readonly #fetchPage: FetchPage<T>;
  readonly #startingAfter: string | undefined;

  constructor(fetchPage: FetchPage<T>, startingAfter?: string) {
    this.#fetchPage = fetchPage;
    this.#startingAfter = startingAfter;
  }

  /**
   * Fetches the first page (the same as awaiting the list).
   *
   * @example
   * const { data, has_more } = await fw.customers.list({ limit: 100 }).page();
   */
  page(): Promise<Page<T>> {
    return this.#fetchPage(this.#startingAfter);
  }

  /**
   * Makes the list awaitable: `await list` resolves to the first page.
   *
   * @example
   * const { data, has_more } = await fw.rewards.list({ status: 'pending' });
   */
  // biome-ignore lint/suspicious/noThenProperty: being thenable is the point: `await list()` gives the first page.
  then<A = Page<T>, B = never>(
    onfulfilled?: ((page: Page<T>) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.page().then(onfulfilled, onrejected);
  }

  /**
   * Every item of every page, in order; the next page is fetched when the loop reaches it.
   *
   * @example
   * for await (const entry of fw.customers.ledger('u_42')) console.log(entry.delta, entry.reason);
   */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let page = await this.page();
    for (;;) {
      yield* page.data;
      const last = page.data.at(-1);
      if (!page.has_more || last === undefined) return;
      page = await this.#fetchPage(last.id);
    }
  }
}
