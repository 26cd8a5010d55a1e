/**
 * The behavioural contract of the Store port. Every adapter runs the same suite; each test gets a
 * fresh, empty store from `factory`, migrates it, and hands it to `teardown` afterwards.
 */
import type { Store } from '../../src/store/port';
import { commitContract } from './contract-commit';
import type { ContractContext } from './contract-context';
import { outboxContract } from './contract-outbox';
import { readsContract } from './contract-reads';
import { retentionContract } from './contract-retention';
import { threadsContract } from './contract-threads';

export type StoreFactory = () => Promise<Store>;
export type StoreTeardown = (store: Store) => Promise<void>;

export function runStoreContract(name: string, factory: StoreFactory, teardown: StoreTeardown): void {
  describe(`Store contract: ${name}`, () => {
    let current: Store | undefined;
    const ctx: ContractContext = {
      store: () => {
        if (!current) throw new Error('TEST_NO_STORE: the contract store is only available inside a test.');
        return current;
      },
    };

    beforeEach(async () => {
      current = await factory();
      await current.migrate();
    });
    afterEach(async () => {
      if (current) await teardown(current);
      current = undefined;
    });

    commitContract(ctx);
    readsContract(ctx);
    threadsContract(ctx);
    outboxContract(ctx);
    retentionContract(ctx);
  });
}
