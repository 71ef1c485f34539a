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
 * The day's sequence, for an entity whose parts are in it: bo:sequence numbers one sequence for the
 * whole dataset, so the figure shows all of it, including what happened around the entity
 * (the battle of Dadaejin, the advance on Dongnae the next day), marked as not part of it.
 */
export function timelineEvents(quads: Quad[], whole: string, m: Minter): TimelineEvent[] {
  const partOf = m.term('partOf');
  const sequenced = new Set(quads.filter((q) => q.predicate.value === m.term('sequence')).map((q) => q.subject.value));
  const parts = new Set(quads.filter((q) => q.predicate.value === partOf && q.object.value === whole).map((q) => q.subject.value));
  if (![...parts].some((p) => sequenced.has(p))) return [];
  const members = sequenced;
  const events = new Map<string, Partial<TimelineEvent>>();
  const of = (s: string) => events.get(s) ?? events.set(s, { iri: s, approximate: false, part: parts.has(s) }).get(s)!;
  for (const q of quads) {
    if (!members.has(q.subject.value)) continue;
    const p = q.predicate.value;
    if (p === m.term('sequence')) of(q.subject.value).sequence = Number(q.object.value);
    else if (p === rdfs('label')) of(q.subject.value).label = q.object.value;
    else if (p === m.term('timeOfDay')) of(q.subject.value).time = q.object.value.slice(0, 5);
    else if (p === m.term('approximate')) of(q.subject.value).approximate = q.object.value === 'true';
    else if (p === m.term('date') && q.object.termType === 'Literal' && q.object.datatype.value === xsd('date')) of(q.subject.value).date = q.object.value;
  }
  return [...events.values()]
    .filter((e): e is TimelineEvent => e.sequence !== undefined && Number.isFinite(e.sequence))
    .map((e) => ({ ...e, label: e.label ?? e.iri }))
    .sort((a, b) => a.sequence - b.sequence);
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
