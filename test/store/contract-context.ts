import type { Store } from '../../src/store/port';

/** What each part of the contract suite gets: the fresh, migrated store of the running test. */
export interface ContractContext {
  store(): Store;
}
