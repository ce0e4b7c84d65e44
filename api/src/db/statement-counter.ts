// Counts the SQL statements a piece of work sends, for tests that hold hot paths to a budget of
// statements (a number that does not drift with the machine's load, unlike a timing).
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

export class StatementCounter implements KyselyPlugin {
  /** Statements by kind (select, insert, update, delete…) since the last reset. */
  readonly byKind = new Map<string, number>();

  get total(): number {
    let sum = 0;
    for (const n of this.byKind.values()) sum += n;
    return sum;
  }

  /** Statements sent to the database since the last reset: several may travel in one (db/together.ts). */
  roundTrips = 0;

  reset(): void {
    this.byKind.clear();
    this.roundTrips = 0;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const kind = args.node.kind.replace(/QueryNode$/, '').toLowerCase();
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.roundTrips++;
    return args.result;
  }
}
