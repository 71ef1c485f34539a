// The curator's helper behind `busanjin quotes --fix`: finds each quoted passage in the source
// and writes its code-point offsets into the data file, so nobody counts characters by hand.
// It edits only the numbers after `oa:exact "…" ; oa:start N ; oa:end M`.
import type { SourceText } from './source.js';

const SELECTOR = /(oa:exact\s+"((?:[^"\\]|\\.)*)"\s*;\s*oa:start\s+)(\d+)(\s*;\s*oa:end\s+)(\d+)/g;

export interface FixResult {
  text: string;
  changed: number;
  problems: string[];
}

export function fixQuoteOffsets(fileText: string, source: SourceText): FixResult {
  let changed = 0;
  const problems: string[] = [];
  const text = fileText.replace(SELECTOR, (all, head: string, escaped: string, start: string, mid: string, end: string) => {
    const exact = unescapeTurtle(escaped);
    const length = Array.from(exact).length;
    if (source.slice(Number(start), Number(end)) === exact) return all;
    const hits = source.find(exact);
    if (hits.length !== 1) {
      problems.push(
        hits.length
          ? `quote ${JSON.stringify(exact)} occurs ${hits.length} times (at ${hits.join(', ')}): quote more of the sentence`
          : `quote ${JSON.stringify(exact)} is not in the source`,
      );
      return all;
    }
    changed++;
    return `${head}${hits[0]}${mid}${hits[0]! + length}`;
  });
  return { text, changed, problems };
}

function unescapeTurtle(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) => {
    if (e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    return ({ t: '\t', n: '\n', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e;
  });
}
