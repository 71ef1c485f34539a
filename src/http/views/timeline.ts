// The day as a figure: the events that are part of an entity, in their bo:sequence order,
// with the time of day where the article gives one (marked "c." when approximate).
// Server-rendered SVG: no script, readable without styles, every label escaped.
import type { Minter } from '../../graph/namespaces.js';
import { rdfs, xsd } from '../../graph/namespaces.js';
import type { Quad } from '../../graph/rdf-terms.js';
import { html, type Html } from './html.js';
import type { Links } from './links.js';

export interface TimelineEvent {
  iri: string;
  sequence: number;
  label: string;
  /** "04:00", when the article gives a time of day. */
  time?: string;
  approximate: boolean;
  /** xsd:date, when the article gives one. */
  date?: string;
  /** False for the events around the entity that are not part of it. */
  part: boolean;
}

/**
 * The events of the dataset in their bo:sequence order, indexed once per publication so that each
 * page reads only its own span. bo:sequence numbers one sequence for the whole dataset.
 */
export class Timeline {
  /** Every sequenced event, by IRI. */
  private readonly events = new Map<string, Omit<TimelineEvent, 'part'>>();
  /** Whole → its parts (bo:partOf). */
  private readonly parts = new Map<string, Set<string>>();

  /** Sequence number → the events that have it (one, when the dataset numbers one sequence). */
  private readonly bySequence = new Map<number, Omit<TimelineEvent, 'part'>[]>();

  constructor(quads: Quad[], m: Minter) {
    const [sequence, partOf, timeOfDay, approximate, date] = ['sequence', 'partOf', 'timeOfDay', 'approximate', 'date'].map((t) => m.term(t));
    const events = new Map<string, Partial<TimelineEvent>>();
    for (const q of quads) {
      const p = q.predicate.value;
      if (p === sequence) events.set(q.subject.value, { iri: q.subject.value, approximate: false, sequence: Number(q.object.value) });
      else if (p === partOf) {
        const set = this.parts.get(q.object.value);
        if (set) set.add(q.subject.value); else this.parts.set(q.object.value, new Set([q.subject.value]));
      }
    }
    for (const q of quads) {
      const e = events.get(q.subject.value);
      if (!e) continue;
      const p = q.predicate.value;
      if (p === rdfs('label')) e.label = q.object.value;
      else if (p === timeOfDay) e.time = q.object.value.slice(0, 5);
      else if (p === approximate) e.approximate = q.object.value === 'true';
      else if (p === date && q.object.termType === 'Literal' && q.object.datatype.value === xsd('date')) e.date = q.object.value;
    }
    for (const e of events.values()) {
      if (!Number.isFinite(e.sequence)) continue;
      const event = { ...e, label: e.label ?? e.iri } as Omit<TimelineEvent, 'part'>;
      this.events.set(event.iri, event);
      const same = this.bySequence.get(event.sequence);
      if (same) same.push(event); else this.bySequence.set(event.sequence, [event]);
    }
  }

  /**
   * The figure of an entity whose parts are in the sequence: its parts in order, with the events
   * that fall between them or just before and after that are not part of it (the battle of
   * Dadaejin, the advance on Dongnae the next day), marked as such. Context is drawn only from
   * a sequence numbered once for the whole dataset: where several events share a number (a
   * dataset that numbers each battle's steps from 1), another event with that number is not
   * "around" this entity, and only the parts are drawn.
   */
  of(whole: string): TimelineEvent[] {
    const parts = [...(this.parts.get(whole) ?? [])].map((p) => this.events.get(p)).filter((e): e is Omit<TimelineEvent, 'part'> => !!e);
    if (!parts.length) return [];
    const own = new Set(parts.map((e) => e.iri));
    let first = Infinity;
    let last = -Infinity;
    for (const e of parts) {
      first = Math.min(first, e.sequence);
      last = Math.max(last, e.sequence);
    }
    const context: Omit<TimelineEvent, 'part'>[] = [];
    // The numbers between (bounded: a span wider than the dataset's events cannot hold more).
    if (last - first <= this.events.size) {
      for (let n = first - 1; n <= last + 1; n++) {
        const same = this.bySequence.get(n);
        if (same?.length === 1 && !own.has(same[0]!.iri)) context.push(same[0]!);
      }
    }
    return [...parts.map((e) => ({ ...e, part: true })), ...context.map((e) => ({ ...e, part: false }))]
      .sort((a, b) => a.sequence - b.sequence || a.iri.localeCompare(b.iri));
  }
}

const ROW = 44;
const TOP = 28;
const AXIS_X = 150;

function formatDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? date : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function timelineFigure(events: TimelineEvent[], links: Links, title: string): Html {
  if (!events.length) return html``;
  const height = TOP + events.length * ROW + 8;
  let lastDate: string | undefined;
  const rows = events.map((e, i) => {
    const y = TOP + i * ROW;
    const when = e.time ? `${e.approximate ? 'c. ' : ''}${e.time}` : '';
    // A date is written where the day changes, not repeated on every event of the same day.
    const date = e.date && e.date !== lastDate ? e.date : undefined;
    if (e.date) lastDate = e.date;
    return html`<g class="event${e.time ? ' timed' : ''}${e.part ? '' : ' context'}" id="timeline-${i + 1}">
<circle cx="${AXIS_X}" cy="${y}" r="${e.time ? 8 : 6}"></circle>
${when ? html`<text class="time" x="${AXIS_X - 18}" y="${y + 5}" text-anchor="end">${when}</text>` : ''}
${date ? html`<text class="date" x="${AXIS_X - 18}" y="${y + (when ? 21 : 5)}" text-anchor="end">${formatDate(date)}</text>` : ''}
<a href="${links.href(e.iri)}"><text class="label" x="${AXIS_X + 22}" y="${y + 5}">${e.sequence}. ${e.label}</text></a>
</g>`;
  });
  return html`<figure class="timeline" id="timeline">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 900 ${height}" role="img" aria-labelledby="timeline-title">
<title id="timeline-title">${title}</title>
<line class="axis" x1="${AXIS_X}" y1="${TOP - 14}" x2="${AXIS_X}" y2="${height - 8}"></line>
${rows}
</svg>
<figcaption>${title}. Times of day are the article's; "c." marks an approximate time; grey events are not part of it but happened around it.</figcaption>
</figure>`;
}
