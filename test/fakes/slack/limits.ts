/**
 * The Block Kit limits Slack enforces, as the fake checks them. A message or view over a limit is
 * refused whole, as Slack does, so a test fails the same way production would.
 */
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: unknown): string => (isObj(v) && typeof v.text === 'string' ? v.text : '');

function checkButton(el: Obj, where: string): string | undefined {
  if (textOf(el.text).length > 75) return `${where}: button text over 75 characters`;
  if (typeof el.value === 'string' && el.value.length > 2000) return `${where}: button value over 2000 characters`;
  if (typeof el.action_id === 'string' && el.action_id.length > 255) return `${where}: action_id over 255 characters`;
  return undefined;
}

function checkBlock(b: unknown, i: number): string | undefined {
  const where = `blocks[${i}]`;
  if (!isObj(b) || typeof b.type !== 'string') return `${where}: not a block`;
  switch (b.type) {
    case 'section':
      if (textOf(b.text).length > 3000) return `${where}: section text over 3000 characters`;
      if (!b.text && !b.fields) return `${where}: section needs text or fields`;
      return undefined;
    case 'header':
      return textOf(b.text).length > 150 ? `${where}: header over 150 characters` : undefined;
    case 'context': {
      const els = Array.isArray(b.elements) ? b.elements : [];
      if (els.length === 0 || els.length > 10) return `${where}: context needs 1 to 10 elements`;
      return els.some((e) => textOf(e).length > 3000) ? `${where}: context text over 3000 characters` : undefined;
    }
    case 'actions': {
      const els = Array.isArray(b.elements) ? b.elements : [];
      if (els.length === 0 || els.length > 25) return `${where}: actions needs 1 to 25 elements`;
      const ids = els.map((e) => (isObj(e) ? e.action_id : undefined)).filter((x) => x !== undefined);
      if (new Set(ids).size !== ids.length) return `${where}: duplicate action_id`;
      for (const e of els)
        if (isObj(e) && e.type === 'button') {
          const problem = checkButton(e, where);
          if (problem) return problem;
        }
      return undefined;
    }
    case 'input':
      if (textOf(b.label).length > 2000) return `${where}: input label over 2000 characters`;
      return undefined;
    case 'divider':
      return undefined;
    default:
      return undefined;
  }
}

/** Returns what is wrong, or undefined when Slack would accept the blocks. */
export function checkBlocks(blocks: unknown, max: number): string | undefined {
  if (!Array.isArray(blocks)) return 'blocks is not an array';
  if (blocks.length > max) return `more than ${max} blocks`;
  const ids = blocks.map((b) => (isObj(b) ? b.block_id : undefined)).filter((x) => x !== undefined);
  if (new Set(ids).size !== ids.length) return 'duplicate block_id';
  for (const [i, b] of blocks.entries()) {
    const problem = checkBlock(b, i);
    if (problem) return problem;
  }
  return undefined;
}

export function checkView(view: Obj): string | undefined {
  if (view.type !== 'modal' && view.type !== 'home') return 'invalid_arguments';
  if (view.type === 'modal' && textOf(view.title).length > 24) return 'invalid_arguments';
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) return 'invalid_arguments';
  return checkBlocks(view.blocks, 100) ? 'invalid_blocks' : undefined;
}
