// Jobs waiting, by client, served in turn: the next job is the first waiting client's, and that
// client then goes to the back. One client's many jobs thus delay another's by one job at a time,
// not by all of them. Used by the query workers' queue and by the parsing thread's.
export class ClientTurns<Job> {
  /** A Map keeps insertion order: the order the clients are served in. */
  private readonly byClient = new Map<string, Job[]>();
  private count = 0;

  /** Jobs waiting, all clients. */
  get size(): number {
    return this.count;
  }

  /** Jobs this client has waiting. */
  sizeOf(client: string): number {
    return this.byClient.get(client)?.length ?? 0;
  }

  /** Jobs waiting, by client. */
  sizes(): Record<string, number> {
    return Object.fromEntries([...this.byClient].map(([client, jobs]) => [client, jobs.length]));
  }

  push(client: string, job: Job): void {
    const queue = this.byClient.get(client);
    if (queue) queue.push(job);
    else this.byClient.set(client, [job]);
    this.count++;
  }

  /** Whether some client that `may` take one more has a job waiting. */
  any(may: (client: string) => boolean = () => true): boolean {
    for (const client of this.byClient.keys()) if (may(client)) return true;
    return false;
  }

  /** The next job: the first client in turn that `may` take one more; it goes to the back. */
  take(may: (client: string) => boolean = () => true): Job | undefined {
    for (const [client, queue] of this.byClient) {
      if (!may(client)) continue;
      const job = queue.shift()!;
      this.count--;
      this.byClient.delete(client);
      if (queue.length) this.byClient.set(client, queue);
      return job;
    }
    return undefined;
  }

  /** Takes this job out if it waits; false when it does not (it runs, or has ended). */
  remove(client: string, job: Job): boolean {
    const queue = this.byClient.get(client);
    const at = queue?.indexOf(job) ?? -1;
    if (!queue || at < 0) return false;
    queue.splice(at, 1);
    this.count--;
    if (!queue.length) this.byClient.delete(client);
    return true;
  }

  /** Every job waiting, taken out. */
  takeAll(): Job[] {
    const all = [...this.byClient.values()].flat();
    this.byClient.clear();
    this.count = 0;
    return all;
  }
}
