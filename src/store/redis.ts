import { createHash } from 'node:crypto';
import { ConfigError, errorMessage, HandoffkitError } from '../errors.js';
import { APPEND_CAPPED } from './capped-list-script.js';
import { FINISH_EVENT, START_EVENT } from './event-scripts.js';
import { idPrefix } from './capped-list.js';
import { jsonText } from './json-text.js';
import type { CappedListBounds, EventFinish, EventStart, EventStarted, Store } from './types.js';

/** The part of an ioredis client (`Redis` or `Cluster`) the store uses. */
export interface RedisClientLike {
  /** GET */
  get(key: string): Promise<string | null>;
  /** SET */
  set(key: string, value: string): Promise<unknown>;
  /** SET … PX */
  set(key: string, value: string, px: 'PX', milliseconds: number): Promise<unknown>;
  /** SET … PX … NX */
  set(key: string, value: string, px: 'PX', milliseconds: number, nx: 'NX'): Promise<unknown>;
  /** DEL */
  del(...keys: string[]): Promise<number>;
  /** EVAL */
  eval(script: string, numberOfKeys: number, ...args: (string | number)[]): Promise<unknown>;
  /** EVALSHA (used when present: a script is sent once per connection, then named by its digest) */
  evalsha?(sha1: string, numberOfKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/** Options of {@link RedisStore}. */
export interface RedisStoreOptions {
  /** A connected ioredis client (`new Redis(url)`, or `new Cluster(nodes)` for Redis Cluster), shared by the instances of the bot. */
  client: RedisClientLike;
  /** Prefix of every key. Default `handoffkit:`. On Redis Cluster, a prefix with a hash tag (`{…}`) puts every key in one slot. */
  prefix?: string;
  /** A call taking longer fails with `E_STORE` (the delivery is answered 503). Default 2 000 ms. */
  timeoutMs?: number;
}

const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '0' then
  if current then return 0 end
elseif current ~= ARGV[2] then
  return 0
end
if tonumber(ARGV[4]) > 0 then
  redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
else
  redis.call('SET', KEYS[1], ARGV[3])
end
return 1`;

const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local token = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], 604800000)
redis.call('SET', KEYS[1], token, 'PX', ARGV[1])
return token`;

const EXTEND = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
end
return 1`;

/** A script and its digest, for EVALSHA. */
interface Script {
  readonly text: string;
  readonly sha1: string;
}

function script(text: string): Script {
  return { text, sha1: createHash('sha1').update(text).digest('hex') };
}

const SCRIPTS = {
  compareAndSet: script(COMPARE_AND_SET),
  acquireLock: script(ACQUIRE),
  extendLock: script(EXTEND),
  releaseLock: script(RELEASE),
  startEvent: script(START_EVENT),
  finishEvent: script(FINISH_EVENT),
  appendCapped: script(APPEND_CAPPED),
};

/**
 * A {@link Store} over Redis (ioredis), for several bot instances behind a load balancer: dedupe keys, ownership,
 * sessions with compare-and-set, and conversation locks with fencing tokens. Values are stored as JSON. An event
 * costs two round trips (two scripts; the end also appends the event's transcript entries); on Redis Cluster (an ioredis `Cluster`), the keys of one conversation share
 * one hash tag, so both scripts run in its slot.
 */
export class RedisStore implements Store {
  readonly #client: RedisClientLike;
  readonly #prefix: string;
  readonly #timeoutMs: number;

  /** Creates a store over a connected ioredis client. */
  constructor(options: RedisStoreOptions) {
    const client = options?.client;
    if (client === undefined || typeof client.get !== 'function' || typeof client.eval !== 'function') {
      throw new ConfigError('client', 'RedisStore({ client }) needs an ioredis client, e.g. new Redis(process.env.REDIS_URL).');
    }
    this.#client = client;
    this.#prefix = options.prefix ?? 'handoffkit:';
    this.#timeoutMs = options.timeoutMs ?? 2_000;
  }

  /** Reads a value, or `undefined` when absent or expired. */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    const text = await this.#call('GET', () => this.#client.get(this.#key(key)));
    return text === null ? undefined : (JSON.parse(text) as T);
  }

  /** Writes a value, optionally expiring after `ttlMs`. */
  async set<T = unknown>(key: string, value: T, ttlMs?: number): Promise<void> {
    const text = jsonText(value);
    await this.#call('SET', () =>
      ttlMs !== undefined && ttlMs > 0 ? this.#client.set(this.#key(key), text, 'PX', Math.ceil(ttlMs)) : this.#client.set(this.#key(key), text),
    );
  }

  /** Removes a value. */
  async delete(key: string): Promise<void> {
    await this.#call('DEL', () => this.#client.del(this.#key(key)));
  }

  /** `SET NX PX`: writes only when absent; resolves `true` when it wrote. */
  async setIfAbsent<T = unknown>(key: string, value: T, ttlMs: number): Promise<boolean> {
    const answer = await this.#call('SET NX', () => this.#client.set(this.#key(key), jsonText(value), 'PX', Math.ceil(ttlMs), 'NX'));
    return answer === 'OK';
  }

  /** Replaces the value only while it still equals `expected` (as JSON), in one atomic script. */
  async compareAndSet<T = unknown>(key: string, expected: T | undefined, next: T, ttlMs?: number): Promise<boolean> {
    const present = expected === undefined ? '0' : '1';
    const answer = await this.#call('compareAndSet', () =>
      this.#run(SCRIPTS.compareAndSet, [this.#key(key)], [present, expected === undefined ? '' : jsonText(expected), jsonText(next), Math.ceil(ttlMs ?? 0)]),
    );
    return Number(answer) === 1;
  }

  /** Takes a lock; resolves an increasing fencing token, or `undefined` while someone else holds it. */
  async acquireLock(key: string, ttlMs: number): Promise<number | undefined> {
    const [lock, fence] = this.#lockKeys(key);
    const token = await this.#call('acquireLock', () => this.#run(SCRIPTS.acquireLock, [lock, fence], [Math.ceil(ttlMs)]));
    return token === null || token === undefined ? undefined : Number(token);
  }

  /** Extends a held lock; `false` when the token no longer holds it. */
  async extendLock(key: string, token: number, ttlMs: number): Promise<boolean> {
    const [lock] = this.#lockKeys(key);
    return Number(await this.#call('extendLock', () => this.#run(SCRIPTS.extendLock, [lock], [String(token), Math.ceil(ttlMs)]))) === 1;
  }

  /** Releases a lock if `token` still holds it. */
  async releaseLock(key: string, token: number): Promise<void> {
    const [lock] = this.#lockKeys(key);
    await this.#call('releaseLock', () => this.#run(SCRIPTS.releaseLock, [lock], [String(token)]));
  }

  /** Takes the lock, claims the dedupe key and reads the event's keys, in one script. @internal */
  async startEvent(start: EventStart): Promise<EventStarted> {
    const [lock, fence] = this.#lockKeys(start.lock.key);
    const keys = [lock, fence, this.#key(start.claim.key), ...start.reads.map((key) => this.#key(key))];
    const args = [Math.ceil(start.lock.ttlMs), jsonText(start.claim.value), Math.ceil(start.claim.ttlMs)];
    const answer = (await this.#call('startEvent', () => this.#run(SCRIPTS.startEvent, keys, args))) as (string | number | null)[];
    const token = Number(answer[0]);
    if (token === 0) return { token: undefined, claimed: false, held: undefined, values: [] };
    const values = start.reads.map((_, i) => parsed(answer[3 + i]));
    return { token, claimed: Number(answer[1]) === 1, held: parsed(answer[2]), values };
  }

  /** Applies the event's writes and releases its lock, in one script. @internal */
  async finishEvent(finish: EventFinish): Promise<void> {
    const [lock] = this.#lockKeys(finish.lock.key);
    const keys = [lock];
    const args: (string | number)[] = [String(finish.lock.token), finish.writes.length];
    for (const write of finish.writes) {
      keys.push(this.#key(write.key));
      args.push(write.value === undefined ? '' : jsonText(write.value), write.value === undefined ? 0 : Math.ceil(write.ttlMs ?? 0));
    }
    for (const append of finish.appends ?? []) {
      keys.push(this.#key(append.key));
      args.push(append.item, ...cappedArgs(append.bounds));
    }
    await this.#call('finishEvent', () => this.#run(SCRIPTS.finishEvent, keys, args));
  }

  /** Appends to the capped list at `key` and trims it, in one atomic script (see `Store.appendCapped`). */
  async appendCapped(key: string, item: string, bounds: CappedListBounds): Promise<void> {
    await this.#call('appendCapped', () => this.#run(SCRIPTS.appendCapped, [this.#key(key)], [item, ...cappedArgs(bounds)]));
  }

  #key(key: string): string {
    return this.#prefix + key;
  }

  // Both keys share a hash tag, so the scripts also run on Redis Cluster: the key's own (the agent's keys carry the
  // conversation's), or one made of the whole key.
  #lockKeys(key: string): [string, string] {
    const full = this.#prefix + key;
    const tagged = hasHashTag(full) ? full : `${this.#prefix}{${key}}`;
    return [tagged, `${tagged}:fence`];
  }

  /** EVALSHA, and EVAL when the server does not know the script yet (NOSCRIPT) or the client has no EVALSHA. */
  async #run(script: Script, keys: string[], args: (string | number)[]): Promise<unknown> {
    const client = this.#client;
    if (client.evalsha === undefined) return client.eval(script.text, keys.length, ...keys, ...args);
    try {
      return await client.evalsha(script.sha1, keys.length, ...keys, ...args);
    } catch (error) {
      if (!errorMessage(error).includes('NOSCRIPT')) throw error;
      return client.eval(script.text, keys.length, ...keys, ...args);
    }
  }

  async #call<T>(operation: string, call: () => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HandoffkitError('E_STORE', `Redis ${operation} took longer than ${this.#timeoutMs} ms.`)), this.#timeoutMs);
    });
    try {
      return await Promise.race([call(), timeout]);
    } catch (error) {
      if (error instanceof HandoffkitError) throw error;
      throw new HandoffkitError('E_STORE', `Redis ${operation} failed: ${errorMessage(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The script arguments of a capped list's bounds: max items, max bytes, TTL in ms, the `uniqueId` prefix (or ''). */
function cappedArgs(bounds: CappedListBounds): (string | number)[] {
  const unique = bounds.uniqueId === undefined ? '' : idPrefix(bounds.uniqueId);
  return [bounds.maxItems, bounds.maxBytes, Math.max(1, Math.ceil(bounds.ttlMs)), unique];
}

function parsed(text: string | number | null | undefined): unknown {
  return typeof text === 'string' ? JSON.parse(text) : undefined;
}

/** Whether Redis Cluster hashes `key` by a tag: its first `{`, then a `}` that is not the next character. */
function hasHashTag(key: string): boolean {
  const open = key.indexOf('{');
  return open !== -1 && key.indexOf('}', open + 1) > open + 1;
}
