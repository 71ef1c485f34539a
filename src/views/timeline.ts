// The day as a figure, drawn for a partial order: the article orders some events ("then", "the
// following morning", "until"), says others ran at the same time ("while"), and leaves the rest
// unordered. The figure draws exactly that: an arrow for each order the data states (bo:followedBy),
// concurrent events side by side (or as a band beside the whole, for what ran alongside all of it),
// and unordered events hollow, with no line through them. Rows are one order consistent with all of
// that (days, where known, go first; then where the article tells of each event, bo:sequence), which
// the caption says is only one reading.
// Server-rendered SVG: no script, readable without styles, every label escaped.
import type { Minter } from '../rdf/namespaces.js';
import { PREFIXES, rdfs, xsd } from '../rdf/namespaces.js';
import type { Quad } from '../rdf/terms.js';
import { html, type Html } from './html.js';
import type { Links } from './links.js';

export interface TimelineEvent {
  iri: string;
  label: string;
  /** Where the article tells of it (bo:sequence): a tie-break for the rows, not an order in time. */
  sequence: number;
  /** "04:00", when the article gives a time of day. */
  time?: string;
  approximate: boolean;
  /** xsd:date, when the data gives one. */
  date?: string;
  /** True for the parts of the whole; false for its context (background, aftermath). */
  part: boolean;
  /** Concurrent with the whole itself: drawn as a band beside its parts, in no row. */
  alongside: boolean;
  /** Row of the figure (for an event alongside, the first row of the band) and, for the band, its last. */
  row: number;
  rowEnd: number;
  /** 1 when drawn beside a concurrent event of the same row. */
  column: 0 | 1;
  /** The events drawn that the data says came just before this one (bo:followedBy). */
  after: string[];
  /** Those of `after` that only an inference of the curators orders, not a quote. */
  inferredAfter: string[];
  /** The events drawn that the data says ran at the same time as this one. */
  concurrent: string[];
}

type Indexed = Pick<TimelineEvent, 'iri' | 'label' | 'sequence' | 'time' | 'approximate' | 'date'>;

/** A whole with more events than this gets no figure: it is searched, not drawn. */
const MOST_DRAWN = 200;

/** The events of the dataset and their relations, indexed once per publication. */
export class Timeline {
  private readonly events = new Map<string, Indexed>();
  private readonly parts = new Map<string, Set<string>>();
  private readonly context = new Map<string, Set<string>>();
  private readonly next = new Map<string, Set<string>>();
  private readonly concurrent = new Map<string, Set<string>>();
  /** "earlier later" for each order stated only in an inference graph. */
  private readonly inferredOrder = new Set<string>();

  constructor(quads: Quad[], m: Minter) {
    const t = (local: string) => m.term(local);
    const add = (map: Map<string, Set<string>>, key: string, value: string) => {
      const set = map.get(key);
      if (set) set.add(value);
      else map.set(key, new Set([value]));
    };
    const inferences = new Set(
      quads.filter((q) => q.object.value === t('Inference') && q.predicate.value === `${PREFIXES.rdf}type`).map((q) => q.subject.value),
    );
    const saidBy = new Map<string, boolean>();
    const details = new Map<string, Partial<Indexed>>();
    const detail = (iri: string) => details.get(iri) ?? details.set(iri, {}).get(iri)!;
    for (const q of quads) {
      const s = q.subject.value;
      const o = q.object.value;
      switch (q.predicate.value) {
        case t('partOf'):
          add(this.parts, o, s);
          break;
        case t('contextOf'):
          add(this.context, o, s);
          break;
        case t('followedBy'): {
          add(this.next, s, o);
          // Inferred only if no quoted claim states it too.
          const key = `${s} ${o}`;
          saidBy.set(key, (saidBy.get(key) ?? false) || !inferences.has(q.graph.value));
          break;
        }
        case t('concurrentWith'):
          add(this.concurrent, s, o);
          add(this.concurrent, o, s);
          break;
        case t('sequence'):
          detail(s).sequence = Number(o);
          break;
        case t('timeOfDay'):
          detail(s).time = o.slice(0, 5);
          break;
        case t('approximate'):
          detail(s).approximate = o === 'true';
          break;
        case t('date'):
          if (q.object.termType === 'Literal' && q.object.datatype.value === xsd('date')) detail(s).date = o;
          break;
        case rdfs('label'):
          if (detail(s).label === undefined) detail(s).label = o;
          break;
      }
    }
    for (const [key, quoted] of saidBy) if (!quoted) this.inferredOrder.add(key);
    for (const [iri, d] of details) {
      this.events.set(iri, {
        iri,
        label: d.label ?? iri,
        sequence: Number.isFinite(d.sequence) ? d.sequence! : Number.POSITIVE_INFINITY,
        approximate: d.approximate ?? false,
        ...(d.time ? { time: d.time } : {}),
        ...(d.date ? { date: d.date } : {}),
      });
    }
  }

  /** The figure of a whole: its parts and its context, laid out for the order the data gives. */
  of(whole: string): TimelineEvent[] {
    const parts = [...(this.parts.get(whole) ?? [])];
    if (!parts.length) return [];
    const alongside = new Set(this.concurrent.get(whole) ?? []);
    const partSet = new Set(parts);
    const drawn = [...new Set([...parts, ...(this.context.get(whole) ?? [])])].filter((e) => !alongside.has(e));
    if (drawn.length + alongside.size > MOST_DRAWN) return [];
    const shown = new Set(drawn);
    const info = (iri: string): Indexed =>
      this.events.get(iri) ?? { iri, label: iri, sequence: Number.POSITIVE_INFINITY, approximate: false };
    const wholeDate = this.events.get(whole)?.date;
    // A part without a date of its own happened on the day of the whole; context may not have.
    const day = (e: string) => info(e).date ?? (partSet.has(e) ? wholeDate : undefined);

    const stated = (e: string) => [...(this.next.get(e) ?? [])].filter((n) => shown.has(n));
    const before = new Map<string, Set<string>>(drawn.map((e) => [e, new Set<string>()]));
    for (const a of drawn) {
      for (const b of stated(a)) before.get(b)!.add(a);
      for (const b of drawn) {
        const da = day(a);
        const db = day(b);
        if (da && db && da < db) before.get(b)!.add(a);
      }
    }
    const rank = (a: string, b: string) => info(a).sequence - info(b).sequence || a.localeCompare(b);
    const placed = new Map<string, { row: number; column: 0 | 1 }>();
    const ready = (e: string) => !placed.has(e) && [...before.get(e)!].every((p) => placed.has(p));
    let row = 0;
    while (placed.size < drawn.length) {
      // Orders that contradict the days cannot all be drawn: what is left goes in telling order.
      const candidates = drawn.filter(ready);
      const first = (candidates.length ? candidates : drawn.filter((e) => !placed.has(e))).sort(rank)[0]!;
      placed.set(first, { row, column: 0 });
      const partner = [...(this.concurrent.get(first) ?? [])].filter((c) => shown.has(c) && ready(c)).sort(rank)[0];
      if (partner) placed.set(partner, { row, column: 1 });
      row++;
    }

    const rowsOfParts = parts.filter((p) => placed.has(p)).map((p) => placed.get(p)!.row);
    const [bandStart, bandEnd] = [Math.min(...rowsOfParts), Math.max(...rowsOfParts)];
    const events: TimelineEvent[] = drawn.map((e) => ({
      ...info(e),
      part: partSet.has(e),
      alongside: false,
      row: placed.get(e)!.row,
      rowEnd: placed.get(e)!.row,
      column: placed.get(e)!.column,
      after: drawn.filter((a) => this.next.get(a)?.has(e)).sort(rank),
      inferredAfter: drawn.filter((a) => this.inferredOrder.has(`${a} ${e}`)).sort(rank),
      concurrent: [...(this.concurrent.get(e) ?? [])].filter((c) => shown.has(c)).sort(rank),
    }));
    for (const e of alongside) {
      events.push({
        ...info(e),
        part: partSet.has(e),
        alongside: true,
        row: bandStart,
        rowEnd: bandEnd,
        column: 0,
        after: [],
        inferredAfter: [],
        concurrent: [whole],
      });
    }
    return events.sort((a, b) => Number(a.alongside) - Number(b.alongside) || a.row - b.row || a.column - b.column);
  }
}

const ROW = 44;
const TOP = 28;
const AXIS_X = 150;
const COLUMN = 560;
const BAND = 320;

function formatDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(d.getTime())
    ? date
    : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function timelineFigure(events: TimelineEvent[], links: Links, title: string): Html {
  const rows = events.filter((e) => !e.alongside);
  if (!rows.length) return html``;
  const bands = events.filter((e) => e.alongside);
  const twoColumns = rows.some((e) => e.column === 1);
  const width = AXIS_X + (twoColumns ? 2 * COLUMN : COLUMN + 190) + (bands.length ? BAND : 0);
  const height = TOP + (Math.max(...rows.map((e) => e.row)) + 1) * ROW + 8;
  const at = new Map(rows.map((e) => [e.iri, { x: AXIS_X + e.column * COLUMN, y: TOP + e.row * ROW }]));
  const ordered = (e: TimelineEvent) => e.after.length > 0 || rows.some((o) => o.after.includes(e.iri));

  const arrows = rows.flatMap((e) =>
    e.after.map((a) => {
      const from = at.get(a)!;
      const to = at.get(e.iri)!;
      const [y1, y2] = [from.y + 9, to.y - 9];
      const d =
        from.x === to.x && to.y - from.y === ROW
          ? `M ${from.x} ${y1} L ${to.x} ${y2}`
          : `M ${from.x} ${y1} C ${from.x - 60} ${y1 + 20}, ${to.x - 60} ${y2 - 20}, ${to.x} ${y2}`;
      return e.inferredAfter.includes(a)
        ? html`<path class="order inferred" d="${d}" fill="none" stroke="#666" stroke-width="1.5" stroke-dasharray="6 4" marker-end="url(#timeline-arrow)"><title>our inference: ${links.name(a)}, then ${links.name(e.iri)}</title></path>`
        : html`<path class="order" d="${d}" fill="none" stroke="#666" stroke-width="1.5" marker-end="url(#timeline-arrow)"><title>the article: ${links.name(a)}, then ${links.name(e.iri)}</title></path>`;
    }),
  );
  const together = rows.flatMap((e) =>
    e.concurrent
      .filter((c) => e.iri < c)
      .map((c) => {
        const [p, q] = [at.get(e.iri)!, at.get(c)!];
        // A bracket under the labels, not a line through them.
        const d = `M ${p.x} ${p.y + 9} V ${p.y + 15} H ${q.x} V ${q.y + 9}`;
        return html`<path class="concurrent" d="${d}" fill="none" stroke="#666" stroke-width="2" stroke-dasharray="2 3"><title>at the same time</title></path>`;
      }),
  );

  let lastDate: string | undefined;
  const marks = rows.map((e) => {
    const { x, y } = at.get(e.iri)!;
    const when = e.time ? `${e.approximate ? 'c. ' : ''}${e.time}` : '';
    // A date is written where the day changes, not repeated on every event of the same day.
    const date = e.date && e.date !== lastDate && e.column === 0 ? e.date : undefined;
    if (e.date) lastDate = e.date;
    const unordered = !ordered(e) && !e.concurrent.length;
    const classes = ['event', e.time ? 'timed' : '', e.part ? '' : 'context', unordered ? 'unordered' : ''].filter(Boolean).join(' ');
    return html`<g class="${classes}" id="timeline-${e.row + 1}${e.column ? '-b' : ''}">
<circle cx="${x}" cy="${y}" r="${e.time ? 8 : 6}"${unordered ? html` fill="none" stroke-dasharray="3 2"` : ''}></circle>
${when ? html`<text class="time" x="${x - 18}" y="${y + 5}" text-anchor="end">${when}</text>` : ''}
${date ? html`<text class="date" x="${x - 18}" y="${y + (when ? 21 : 5)}" text-anchor="end">${formatDate(date)}</text>` : ''}
<a href="${links.href(e.iri)}"><text class="label" x="${x + 22}" y="${y + 5}">${e.label}</text></a>
</g>`;
  });
  const bandMarks = bands.map((b, i) => {
    const x = width - BAND + 20 + i * 16;
    const [y1, y2] = [TOP + b.row * ROW - 10, TOP + b.rowEnd * ROW + 10];
    return html`<g class="event alongside" id="timeline-alongside-${i + 1}">
<rect x="${x}" y="${y1}" width="8" height="${y2 - y1}" fill="#999"><title>at the same time as all of it</title></rect>
<a href="${links.href(b.iri)}"><text class="label" x="${x + 16}" y="${(y1 + y2) / 2}">meanwhile: ${b.label}</text></a>
</g>`;
  });

  return html`<figure class="timeline" id="timeline">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="timeline-title">
<title id="timeline-title">${title}</title>
<defs><marker id="timeline-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"></path></marker></defs>
${arrows}
${together}
${marks}
${bandMarks}
</svg>
<figcaption>${title}. An arrow is an order the article gives ("then", "the following morning", "until"), dashed where it is our inference from two sentences; events side by side, or a band beside the others, ran at the same time ("while"); a hollow event is one the article does not order against the others. The rows read down are one order consistent with all that, with undated events where the article tells of them: the article does not say more. Times of day are the article's; "c." marks an approximate time; grey events are not part of it but told around it.</figcaption>
</figure>`;
}
