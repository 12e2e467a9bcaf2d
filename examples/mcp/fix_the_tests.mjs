#!/usr/bin/env node
// A scripted agent that fixes a failing test in a Sandbench sandbox over MCP.
//
// Every sandbox is an MCP server (Streamable HTTP at /v1/sandboxes/{id}/mcp). This agent works in
// it the way an MCP-speaking agent does, through the official MCP TypeScript SDK: it writes code
// with a bug and a unit test with the write_file tool, runs the test with run_command and sees it
// fail, takes a snapshot with create_snapshot, fixes the bug, runs the test again and sees it pass.
// The engine records every MCP tool call in the sandbox's session itself; the model's calls
// (model, tokens, cost, prompt, response; answers written in advance here) are reported over HTTP
// through POST /v1/events/ingest, into the same session. Node.js 18 or newer.
//
//     npm ci && node fix_the_tests.mjs URL KEY [--sandbox ID] [--cleanup]
//
// URL and KEY may come from SANDBENCH_URL and SANDBENCH_KEY instead. The sandbox is left running
// for you to look at unless --cleanup is given. Exit status: 0 done, 1 failed, 2 usage.
import { parseArgs } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const AGENT = "fix-the-tests-mcp";
const MODEL = "claude-sonnet-4";
const TEST_COMMAND = "python3 -m unittest -v test_calc";

const BUGGY = `def average(values):
    """The arithmetic mean of a non-empty list of numbers."""
    return sum(values) / (len(values) - 1)
`;

const FIXED = `def average(values):
    """The arithmetic mean of a non-empty list of numbers."""
    return sum(values) / len(values)
`;

const TEST = `import unittest

from calc import average


class AverageTest(unittest.TestCase):
    def test_average_of_three_numbers(self):
        self.assertEqual(average([2, 4, 6]), 4)

    def test_average_of_one_number(self):
        self.assertEqual(average([5]), 5)


if __name__ == "__main__":
    unittest.main()
`;

// The scripted model: what it is asked is built from what really happened; what it answers, and
// what that costs, is fixed (tokens in, tokens out, USD at $3 / $15 per million tokens).
const PLAN = [1850, 420, 0.01185];
const DIAGNOSIS = [2640, 180, 0.01062];
const SUMMARY = [2980, 95, 0.010365];

const USAGE = `usage: node fix_the_tests.mjs [URL [KEY]] [--sandbox ID] [--cleanup]
URL and KEY default to $SANDBENCH_URL and $SANDBENCH_KEY. The workbench's embedded engine keeps its key in
~/.local/share/sandbench/engine/admin.key (/var/lib/sandbench/engine/admin.key as root).`;

/** A failure the agent explains in one line. */
class AgentFailed extends Error {}

/** The few REST calls this agent makes beside MCP: create or read the sandbox, report events, destroy. */
class Engine {
  constructor(url, key) {
    this.url = url.replace(/\/+$/, "");
    this.key = key;
  }

  async call(method, path, body) {
    let res;
    try {
      res = await fetch(this.url + path, {
        method,
        headers: { Authorization: `Bearer ${this.key}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new AgentFailed(`cannot reach the engine at ${this.url}: ${e.cause?.message ?? e.message}`);
    }
    const text = await res.text();
    if (!res.ok) {
      let detail = text;
      try {
        detail = JSON.parse(text).detail ?? text;
      } catch {
        // not problem+json: the body as it is
      }
      throw new AgentFailed(`${method} ${path} answered ${res.status}: ${detail}`);
    }
    return text ? JSON.parse(text) : null;
  }
}

class Agent {
  constructor(engine, sandboxId, mcp) {
    this.engine = engine;
    this.sandbox = sandboxId;
    this.mcp = mcp;
    this.session = `${AGENT}-${Date.now().toString(36)}`;
    this.events = 0;
    this.llmCalls = [];
    this.toolCalls = 0;
  }

  /** Sends one event of this session over HTTP; its id makes a retried report harmless. */
  async report(type, data) {
    this.events += 1;
    const event = { id: `${this.session}-${this.events}`, type, sandbox_id: this.sandbox, session_id: this.session, data };
    const res = await this.engine.call("POST", "/v1/events/ingest", { events: [event] });
    if (res.accepted !== 1) throw new AgentFailed(`the engine refused a ${type} event: ${JSON.stringify(res)}`);
  }

  async llm(prompt, response, usage) {
    const [tokensIn, tokensOut, cost] = usage;
    const data = { model: MODEL, tokens_in: tokensIn, tokens_out: tokensOut, cost_usd: cost, prompt, response };
    if (this.llmCalls.length === 0) data.agent_type = AGENT;
    await this.report("llm_call", data);
    this.llmCalls.push(usage);
  }

  /** Calls an MCP tool of the sandbox; the engine records the call in the session. */
  async tool(name, args) {
    const result = await this.mcp.callTool({ name, arguments: args });
    this.toolCalls += 1;
    const text = result.content.filter((c) => c.type === "text").map((c) => c.text).join("\n");
    if (result.isError) throw new AgentFailed(`the ${name} tool failed: ${text}`);
    return text;
  }

  /** Runs the tests with run_command; its result ends with "[exit code N, T ms]". */
  async runTests() {
    const text = await this.tool("run_command", { command: TEST_COMMAND });
    const codes = [...text.matchAll(/\[exit code (\d+)/g)];
    if (codes.length === 0) throw new AgentFailed(`run_command answered without an exit code:\n${text}`);
    const exitCode = Number(codes[codes.length - 1][1]);
    return { exitCode, output: text.slice(0, codes[codes.length - 1].index) };
  }

  async run() {
    // The session starts with the first report: from then on the engine records the MCP tool calls into it.
    step("asking the model for a plan");
    await this.llm(
      "Write calc.py with a function average(values) that returns the arithmetic mean, and a unittest for it in " +
        "test_calc.py. Then run the test.",
      `I'll write calc.py:\n\n${BUGGY}\nand test_calc.py:\n\n${TEST}\nThen I'll run \`${TEST_COMMAND}\`.`,
      PLAN,
    );
    step("writing calc.py and test_calc.py (MCP write_file)");
    await this.tool("write_file", { path: "calc.py", content: BUGGY });
    await this.tool("write_file", { path: "test_calc.py", content: TEST });
    step("running the tests (MCP run_command)");
    const first = await this.runTests();
    if (first.exitCode === 0) throw new AgentFailed(`the tests passed before the fix; expected them to fail:\n${first.output}`);
    console.log(indent(first.output));
    step(`the tests failed (exit code ${first.exitCode}); asking the model why`);
    await this.llm(
      `\`${TEST_COMMAND}\` failed with exit code ${first.exitCode}:\n\n${first.output}\nFind the bug and fix it.`,
      "average() divides by len(values) - 1; the mean divides by len(values). That makes average([2, 4, 6]) return 6 " +
        `and average([5]) divide by zero. I'll take a snapshot, then fix calc.py:\n\n${FIXED}`,
      DIAGNOSIS,
    );
    step("taking a snapshot before the fix (MCP create_snapshot)");
    await this.tool("create_snapshot", { name: "before-fix", description: "calc.py still divides by len(values) - 1" });
    step("fixing calc.py (MCP write_file)");
    await this.tool("write_file", { path: "calc.py", content: FIXED });
    step("running the tests again (MCP run_command)");
    const second = await this.runTests();
    console.log(indent(second.output));
    if (second.exitCode !== 0) throw new AgentFailed(`the tests still fail after the fix (exit code ${second.exitCode})`);
    step("the tests pass; reporting the outcome");
    await this.llm(
      `\`${TEST_COMMAND}\` now passes:\n\n${second.output}\nSummarise what you did.`,
      "Fixed an off-by-one in calc.average(): it divided by len(values) - 1 instead of len(values). Both tests pass.",
      SUMMARY,
    );
    await this.report("session_end", { status: "completed" });
  }
}

function step(what) {
  console.log(`fix-the-tests: ${what}`);
}

function indent(text) {
  return text.trimEnd().split("\n").map((l) => (l ? `    ${l}` : "")).join("\n");
}

function usageError(message) {
  console.error(USAGE);
  console.error(`fix-the-tests: error: ${message}`);
  process.exit(2);
}

function options(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { sandbox: { type: "string" }, cleanup: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
  } catch (e) {
    usageError(e.message);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const [url = process.env.SANDBENCH_URL, key = process.env.SANDBENCH_KEY, ...rest] = parsed.positionals;
  if (rest.length > 0) usageError(`too many arguments: ${rest.join(" ")}`);
  if (!url || !key) usageError("give the engine's URL and an API key as arguments, or set SANDBENCH_URL and SANDBENCH_KEY");
  if (!/^https?:\/\//.test(url)) usageError(`URL must start with http:// or https://, got ${url}`);
  return { url, key, sandbox: parsed.values.sandbox, cleanup: Boolean(parsed.values.cleanup) };
}

async function main() {
  const o = options(process.argv.slice(2));
  const engine = new Engine(o.url, o.key);
  let box;
  if (o.sandbox) {
    box = await engine.call("GET", `/v1/sandboxes/${encodeURIComponent(o.sandbox)}`);
    if (box.status !== "running") throw new AgentFailed(`sandbox ${box.id} is ${box.status}, not running`);
  } else {
    step("creating a sandbox");
    box = await engine.call("POST", "/v1/sandboxes", { template: "python", name: AGENT });
  }
  console.log(`fix-the-tests: sandbox ${box.id}`);

  // The MCP endpoint on the URL we were given (the engine's own mcp_url names the address it listens on).
  const endpoint = new URL(`${engine.url}/v1/sandboxes/${encodeURIComponent(box.id)}/mcp`);
  const transport = new StreamableHTTPClientTransport(endpoint, {
    requestInit: { headers: { Authorization: `Bearer ${o.key}` } },
  });
  const mcp = new Client({ name: AGENT, version: "0.1.0" });
  try {
    await mcp.connect(transport);
  } catch (e) {
    throw new AgentFailed(`cannot open an MCP session at ${endpoint}: ${e.message}`);
  }
  const server = mcp.getServerVersion();
  step(`connected over MCP to ${server?.name ?? "the sandbox"} (protocol ${transport.protocolVersion ?? "?"})`);
  const agent = new Agent(engine, box.id, mcp);
  try {
    const { tools } = await mcp.listTools();
    const missing = ["write_file", "run_command", "create_snapshot"].filter((t) => !tools.some((x) => x.name === t));
    if (missing.length > 0) throw new AgentFailed(`the sandbox's MCP server lacks ${missing.join(", ")}`);
    await agent.run();
  } finally {
    await transport.terminateSession().catch(() => {});
    await mcp.close();
  }

  const sum = (i) => agent.llmCalls.reduce((a, u) => a + u[i], 0);
  console.log(`Reported ${agent.llmCalls.length} LLM calls (${sum(0)} tokens in, ${sum(1)} out, $${sum(2).toFixed(6)}) ` +
    `and ${agent.toolCalls} tool calls in session ${agent.session}.`);
  if (o.cleanup) {
    await engine.call("DELETE", `/v1/sandboxes/${encodeURIComponent(box.id)}`);
    console.log(`Destroyed sandbox ${box.id} (--cleanup). The session stays: GET ${engine.url}/v1/sessions/${agent.session}/replay`);
  } else {
    console.log(`Open the workbench, select sandbox ${box.id}${box.name ? ` (name ${box.name})` : ""}, Sessions tab, ` +
      `double-click session ${agent.session}`);
  }
}

main().catch((e) => {
  console.error(`fix-the-tests: failed: ${e instanceof AgentFailed ? e.message : e.stack ?? e}`);
  process.exitCode = 1;
});
