import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const run = promisify(execFile);

/** One node of a {@link TestRedisCluster}. */
export interface ClusterNode {
  /** The client port on 127.0.0.1. */
  readonly port: number;
  /** The cluster bus port. */
  readonly busPort: number;
  /** Its own data dir (nodes.conf lives there). */
  readonly dir: string;
}

/**
 * A private Redis Cluster for tests: 3 masters and 3 replicas, each a `redis-server --cluster-enabled yes` on free
 * ports of 127.0.0.1 with its own data dir under one temp dir, joined with `redis-cli --cluster create`. Never the
 * machine's shared instance.
 */
export class TestRedisCluster {
  readonly nodes: readonly ClusterNode[];
  readonly #dir: string;
  readonly #processes: ChildProcess[] = [];

  private constructor(nodes: ClusterNode[], dir: string) {
    this.nodes = nodes;
    this.#dir = dir;
  }

  /** Starts the six nodes, joins them and resolves once every node reports `cluster_state:ok`. */
  static async start(): Promise<TestRedisCluster> {
    const dir = await mkdtemp(join(tmpdir(), 'handoffkit-cluster-'));
    const nodes: ClusterNode[] = [];
    const taken = new Set<number>();
    for (let i = 0; i < 6; i++) {
      const nodeDir = join(dir, `node-${i}`);
      await mkdir(nodeDir);
      nodes.push({ port: await freePort(taken), busPort: await freePort(taken), dir: nodeDir });
    }
    const cluster = new TestRedisCluster(nodes, dir);
    try {
      for (const node of nodes) cluster.#spawn(node);
      await Promise.all(nodes.map((node) => waitFor(() => ping(node.port), `node ${node.port} to answer PING`)));
      const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
      await run(process.env.REDIS_CLI ?? 'redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '1', '--cluster-yes'], { timeout: 30_000 });
      await cluster.waitUntilOk();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** The seed nodes for an ioredis `Cluster`. */
  get startupNodes(): { host: string; port: number }[] {
    return this.nodes.map((node) => ({ host: '127.0.0.1', port: node.port }));
  }

  /**
   * Resolves once every node reports `cluster_state:ok`, and every replica's link to its master is up. (`cluster
   * create` returns before the replicas have synced and before gossip has told every node who replicates whom.)
   */
  async waitUntilOk(): Promise<void> {
    await waitFor(async () => {
      const states = await Promise.all(this.nodes.map((node) => command(node.port, (r) => r.cluster('INFO'))));
      if (!states.every((info) => String(info).includes('cluster_state:ok'))) return false;
      const roles = await Promise.all(this.nodes.map((node) => command(node.port, (r) => r.info('replication'))));
      const replicas = roles.filter((info) => info.includes('role:slave'));
      return replicas.length === 3 && replicas.every((info) => info.includes('master_link_status:up'));
    }, 'the cluster to be ok, every replica linked to its master');
  }

  /** The ports of the master serving `key`'s slot and of its replicas, as that master sees them. */
  async shardOf(key: string): Promise<{ master: number; replicas: number[] }> {
    const port = this.nodes[0]!.port;
    const slot = Number(await command(port, (r) => r.cluster('KEYSLOT', key)));
    const lines = String(await command(port, (r) => r.cluster('NODES')))
      .trim()
      .split('\n');
    const parsed = lines.map((line) => {
      const [id, address, flags, masterId, , , , , ...slots] = line.split(' ');
      return { id, port: Number(address!.split(':')[1]!.split('@')[0]), flags: flags!.split(','), masterId, slots };
    });
    const master = parsed.find((n) => n.flags.includes('master') && n.slots.some((range) => inRange(range, slot)));
    if (master === undefined) throw new Error(`no master serves slot ${slot}`);
    const replicas = parsed.filter((n) => n.masterId === master.id && !n.flags.includes('fail')).map((n) => n.port);
    return { master: master.port, replicas };
  }

  /** `CLUSTER FAILOVER` on a replica of the master holding `key`: resolves once the replica is that slot's master. */
  async failoverOf(key: string): Promise<{ from: number; to: number }> {
    // The node asked may learn of the replica by gossip a moment after the replica linked up.
    await waitFor(async () => (await this.shardOf(key)).replicas.length > 0, `a replica of the master of ${key} to be known`);
    const { master, replicas } = await this.shardOf(key);
    const replica = replicas[0];
    if (replica === undefined) throw new Error(`the master ${master} of ${key} has no replica`);
    await command(replica, (r) => r.cluster('FAILOVER'));
    await waitFor(async () => (await this.shardOf(key)).master === replica, `${replica} to take over ${key}`);
    await this.waitUntilOk();
    return { from: master, to: replica };
  }

  /** Stops every node and removes the data dirs. */
  async stop(): Promise<void> {
    await Promise.all(
      this.#processes.map((child) => {
        if (child.exitCode !== null) return undefined;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        return exited;
      }),
    );
    await rm(this.#dir, { recursive: true, force: true });
  }

  #spawn(node: ClusterNode): void {
    const args = ['--port', String(node.port), '--bind', '127.0.0.1', '--protected-mode', 'no', '--cluster-enabled', 'yes'];
    args.push('--cluster-port', String(node.busPort), '--cluster-config-file', join(node.dir, 'nodes.conf'), '--cluster-node-timeout', '2000');
    args.push('--dir', node.dir, '--save', '', '--appendonly', 'no');
    this.#processes.push(spawn(process.env.REDIS_SERVER ?? 'redis-server', args, { stdio: 'ignore' }));
  }
}

function inRange(range: string, slot: number): boolean {
  if (range.startsWith('[')) return false; // a slot being migrated
  const [low, high = low] = range.split('-').map(Number);
  return slot >= low! && slot <= high!;
}

/** One command on a short-lived connection to one node (no cluster redirection). */
async function command<T>(port: number, call: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await call(redis);
  } finally {
    redis.disconnect();
  }
}

async function ping(port: number): Promise<boolean> {
  return command(port, (r) => r.ping()).then(
    (answer) => answer === 'PONG',
    () => false,
  );
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function freePort(taken: Set<number>): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => {
        if (taken.has(port)) return resolve(freePort(taken));
        taken.add(port);
        resolve(port);
      });
    });
  });
}
