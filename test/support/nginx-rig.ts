import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './child-server';

const ROOT = path.resolve(__dirname, '../..');
const NGINX = '/usr/sbin/nginx';
/** The header the rig adds to every answer: which node nginx passed the request to (host:port). */
export const UPSTREAM_HEADER = 'x-test-upstream';

/**
 * Debian's nginx running the shipped deploy/nginx.conf and deploy/huixin-proxy.conf in front of `nodes`, as a child
 * process (not a daemon) with its own prefix, pid, logs and temp files in a temporary folder, on free ports of
 * 127.0.0.1 with a self-signed certificate. Only what a test machine must change is changed: the nodes' addresses,
 * the listen ports, the certificate, the snippet's path, and a header naming the node that answered.
 */
export class NginxRig {
  private child: ChildProcess | null = null;
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huixin-nginx-'));
  output = '';

  constructor(readonly httpsPort: number, private readonly httpPort: number) {}

  static async start(nodes: string[]): Promise<NginxRig> {
    if (!fs.existsSync(NGINX)) throw new Error('nginx is not installed: apt-get install -y nginx (.ci/run does)');
    const rig = new NginxRig(await freePort(), await freePort());
    rig.writeConfig(nodes);
    await rig.run();
    return rig;
  }

  get url(): string { return `https://localhost:${this.httpsPort}`; }

  private writeConfig(nodes: string[]): void {
    // nginx's workers run as nobody: they must reach the temp folders; the key is read by the master (root) only.
    fs.chmodSync(this.dir, 0o755);
    const cert = path.join(this.dir, 'cert.pem');
    const key = path.join(this.dir, 'key.pem');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', key, '-out', cert], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`openssl could not make a certificate: ${made.stderr}`);

    let site = fs.readFileSync(path.join(ROOT, 'deploy', 'nginx.conf'), 'utf8');
    const replace = (pattern: RegExp, by: string | ((match: string) => string)) => {
      if (!pattern.test(site)) throw new Error(`deploy/nginx.conf no longer has ${pattern}: update the nginx rig`);
      site = site.replace(pattern, by as string);
    };
    // Each upstream lists the test's nodes in place of the example addresses, with the same options.
    const lines = site.split('\n');
    const upstreamServer = /^ {4}server \S+( [^;]*)?;$/;
    site = lines.flatMap((line, i) => {
      const match = upstreamServer.exec(line);
      if (!match) return [line];
      return upstreamServer.test(lines[i - 1]) ? [] : nodes.map((node) => `    server ${node}${match[1] ?? ''};`);
    }).join('\n');
    if (!nodes.every((node) => site.includes(`server ${node}`))) throw new Error('deploy/nginx.conf lists no upstream servers: update the nginx rig');
    replace(/ {4}listen \[::\]:\d+[^\n]*\n/g, '');
    replace(/listen 80;/, `listen 127.0.0.1:${this.httpPort};`);
    replace(/listen 443 ssl http2;/, `listen 127.0.0.1:${this.httpsPort} ssl;`);
    replace(/ssl_certificate +\S+;/, `ssl_certificate ${cert};`);
    replace(/ssl_certificate_key +\S+;/, `ssl_certificate_key ${key};`);
    replace(/include \/etc\/nginx\/snippets\/huixin-proxy\.conf;/,
      `include ${path.join(ROOT, 'deploy', 'huixin-proxy.conf')};\n    add_header ${UPSTREAM_HEADER} $upstream_addr always;`);
    fs.writeFileSync(path.join(this.dir, 'site.conf'), site);

    const at = (name: string) => path.join(this.dir, name);
    fs.writeFileSync(at('nginx.conf'), [
      'daemon off;', 'worker_processes 1;', `pid ${at('nginx.pid')};`, `error_log ${at('error.log')} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      `  access_log ${at('access.log')};`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${at(`${kind}-temp`)};`),
      `  include ${at('site.conf')};`,
      '}',
    ].join('\n'));
    const checked = spawnSync(NGINX, this.args('-t'), { encoding: 'utf8' });
    if (checked.status !== 0) throw new Error(`nginx -t refused the config:\n${checked.stderr}\n${site}`);
  }

  private args(...extra: string[]): string[] {
    return ['-p', this.dir, '-c', path.join(this.dir, 'nginx.conf'), '-e', path.join(this.dir, 'error.log'), ...extra];
  }

  private async run(): Promise<void> {
    const child = spawn(NGINX, this.args(), { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.on('data', (d) => { this.output += d; });
    child.stderr!.on('data', (d) => { this.output += d; });
    // Started means accepting connections: not the pid file, which `nginx -t` above has already left behind (empty).
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${this.output}${this.errorLog()}`);
      if (await accepts(this.httpsPort)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`nginx did not start: ${this.output}${this.errorLog()}`);
  }

  errorLog(): string {
    try { return fs.readFileSync(path.join(this.dir, 'error.log'), 'utf8'); } catch { return ''; }
  }

  /** SIGQUIT: nginx's graceful stop. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGQUIT');
      await exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Whether something on 127.0.0.1:`port` accepts a TCP connection now. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}
