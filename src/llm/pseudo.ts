/**
 * The only way to make `Pseudo` text: every practitioner-typed string passes through
 * pseudonymise() (src/core/redact.ts) before it can be put in a request. The map grows across the
 * calls of one reflection, so the same phone number stays [PHONE_1] throughout, and it is stored
 * with that reflection (state.llm.pseudonyms) so placeholders are restored only in the
 * practitioner's own view.
 */
import { pseudonymise, restore, type PseudonymMap } from '../core/redact';
import type { Pseudo } from './port';

export class Pseudonymiser {
  private current: PseudonymMap;

  constructor(map: PseudonymMap = {}) {
    this.current = { ...map };
  }

  text(raw: string): Pseudo {
    const out = pseudonymise(raw, this.current);
    this.current = out.map;
    return out.text as Pseudo;
  }

  get map(): PseudonymMap {
    return { ...this.current };
  }

  /** For the practitioner's own view only; never for anything shared or logged. */
  restore(text: string): string {
    return restore(text, this.current);
  }
}
