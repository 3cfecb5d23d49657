// Entry point run inside a node's network namespace (`ip netns exec <ns> node probe-agent.js`):
// the test process itself lives in the host namespace and cannot reach a node's 127.0.0.1.
// Protocol: one JSON request per line on stdin, one JSON answer per line on stdout.
import { createInterface } from 'node:readline';
import { httpProbe, tcpProbe, type HttpProbeRequest, type ProbeResult } from './probe.js';

interface AgentRequest {
  id: number;
  timeoutMs: number;
  http?: HttpProbeRequest;
  tcp?: { host: string; port: number };
}

async function answer(req: AgentRequest): Promise<ProbeResult> {
  if (req.http) return httpProbe(req.http, req.timeoutMs);
  if (req.tcp) return tcpProbe(req.tcp.host, req.tcp.port, req.timeoutMs);
  return { ok: false, message: 'empty probe request' };
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === '') return;
  const req = JSON.parse(line) as AgentRequest;
  void answer(req).then((result) => process.stdout.write(`${JSON.stringify({ id: req.id, result })}\n`));
});
lines.on('close', () => process.exit(0));
