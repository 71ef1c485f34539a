// Jobs by client, served in turn (src/store/client-turns.ts): the queue of the query workers and
// of the parsing thread.
import { describe, expect, it } from 'vitest';
import { ClientTurns } from '../../src/store/client-turns.js';

describe('jobs served in turn', () => {
  it('takes the first client in turn, which then goes to the back', () => {
    const turns = new ClientTurns<string>();
    for (const job of ['a1', 'a2', 'a3']) turns.push('a', job);
    turns.push('b', 'b1');
    turns.push('c', 'c1');
    const order = [];
    for (let job = turns.take(); job; job = turns.take()) order.push(job);
    expect(order).toEqual(['a1', 'b1', 'c1', 'a2', 'a3']);
    expect(turns.size).toBe(0);
  });

  it('passes over a client that may not take one more, without moving it', () => {
    const turns = new ClientTurns<string>();
    turns.push('a', 'a1');
    turns.push('b', 'b1');
    const notA = (client: string) => client !== 'a';
    expect(turns.any(notA)).toBe(true);
    expect(turns.take(notA)).toBe('b1');
    expect(turns.any(notA)).toBe(false);
    expect(turns.take(notA)).toBeUndefined();
    expect(turns.take()).toBe('a1');
  });

  it('counts by client, removes a waiting job, and gives every job back at once', () => {
    const turns = new ClientTurns<string>();
    turns.push('a', 'a1');
    turns.push('a', 'a2');
    turns.push('b', 'b1');
    expect(turns.size).toBe(3);
    expect(turns.sizeOf('a')).toBe(2);
    expect(turns.sizes()).toEqual({ a: 2, b: 1 });
    expect(turns.remove('a', 'a1')).toBe(true);
    expect(turns.remove('a', 'a1')).toBe(false);
    expect(turns.remove('b', 'b1')).toBe(true);
    expect(turns.sizes()).toEqual({ a: 1 });
    expect(turns.takeAll()).toEqual(['a2']);
    expect(turns.size).toBe(0);
    expect(turns.sizeOf('a')).toBe(0);
  });
});
