// The source article as text: its sections and sentences with character offsets.
// Offsets count Unicode code points (as the Web Annotation model asks), not UTF-16 units.
import { readFileSync } from 'node:fs';

export interface Span {
  /** Index of the first code point. */
  start: number;
  /** Index one past the last code point. */
  end: number;
}

export interface Section extends Span {
  /** "Infobox", "Lead", "Background", "Battle", "Aftermath", "Legacy", "See also". */
  name: string;
  /** Fragment-safe id: "Infobox", "See_also". */
  id: string;
}

export interface Sentence extends Span {
  /** 1-based, in document order. */
  index: number;
  text: string;
  section: string;
}

export interface SourceText {
  text: string;
  codePoints: string[];
  sections: Section[];
  sentences: Sentence[];
  /** The exact text between two code-point offsets. */
  slice(start: number, end: number): string;
  /** Every code-point offset at which `quote` occurs. */
  find(quote: string): number[];
  sectionAt(offset: number): Section | undefined;
  sentenceAt(span: Span): Sentence | undefined;
}

export function readSource(path: string): SourceText {
  return parseSource(readFileSync(path, 'utf8'));
}

export function parseSource(text: string): SourceText {
  const codePoints = Array.from(text);
  // UTF-16 index → code-point index, for the segmenter (which speaks UTF-16).
  const cpAt: number[] = new Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    cpAt[i] = cp;
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      cpAt[++i] = cp;
    }
    cp++;
  }
  cpAt[text.length] = cp;

  const sections = findSections(text, cpAt);
  const sentences = findSentences(text, cpAt, sections);
  const slice = (start: number, end: number) => codePoints.slice(start, end).join('');

  return {
    text,
    codePoints,
    sections,
    sentences,
    slice,
    find(quote) {
      const hits: number[] = [];
      for (let i = text.indexOf(quote); i !== -1; i = text.indexOf(quote, i + 1)) hits.push(cpAt[i]!);
      return hits;
    },
    sectionAt: (offset) => sections.find((s) => offset >= s.start && offset < s.end),
    sentenceAt: (span) => sentences.find((s) => span.start >= s.start && span.end <= s.end),
  };
}

function findSections(text: string, cpAt: number[]): Section[] {
  // Headings: "Infobox" on its own line, then "==Name==" lines; the lead is what lies between.
  const marks: { name: string; at: number; bodyAt: number }[] = [];
  const heading = /^(?:==\s*([^=\n]+?)\s*==|(Infobox))[ \t]*$/gm;
  for (let m = heading.exec(text); m; m = heading.exec(text)) {
    marks.push({ name: (m[1] ?? m[2])!, at: m.index, bodyAt: m.index + m[0].length + 1 });
  }
  const infobox = marks.find((m) => m.name === 'Infobox');
  if (infobox) {
    // The lead starts at the first blank line after the infobox block.
    const blank = text.indexOf('\n\n', infobox.bodyAt);
    const next = marks.find((m) => m.at > infobox.at && m.name !== 'Infobox');
    if (blank !== -1 && (!next || blank < next.at)) marks.push({ name: 'Lead', at: blank + 2, bodyAt: blank + 2 });
  }
  marks.sort((a, b) => a.at - b.at);
  return marks.map((m, i) => {
    const end = i + 1 < marks.length ? marks[i + 1]!.at : text.length;
    return { name: m.name, id: m.name.replace(/\s+/g, '_'), start: cpAt[m.bodyAt]!, end: cpAt[end]! };
  });
}

function findSentences(text: string, cpAt: number[], sections: Section[]): Sentence[] {
  const sentences: Sentence[] = [];
  const toUnit = (cpOffset: number) => cpAt.indexOf(cpOffset);
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  for (const section of sections) {
    const from = toUnit(section.start);
    const body = text.slice(from, toUnit(section.end));
    // Each line is a unit of its own (an infobox row, a list item, a paragraph); prose lines
    // are split into sentences.
    let lineStart = 0;
    for (const line of body.split('\n')) {
      const lineFrom = from + lineStart;
      lineStart += line.length + 1;
      if (!line.trim()) continue;
      const pieces =
        section.name === 'Infobox' || line.startsWith('- ')
          ? [{ segment: line.replace(/^- /, ''), index: line.startsWith('- ') ? 2 : 0 }]
          : Array.from(segmenter.segment(line));
      for (const piece of pieces) {
        const trimmed = piece.segment.trimEnd();
        if (!trimmed) continue;
        const s = lineFrom + piece.index;
        sentences.push({
          index: sentences.length + 1,
          text: trimmed,
          section: section.name,
          start: cpAt[s]!,
          end: cpAt[s + trimmed.length]!,
        });
      }
    }
  }
  return sentences;
}
