#!/usr/bin/env python3
"""A scripted agent that fixes a failing test in a Sandbench sandbox, over the HTTP API.

It does what a coding agent does, with the model's answers written in advance: it writes code
with a bug and a unit test for it, runs the test and sees it fail, takes a snapshot, fixes the
bug, runs the test again and sees it pass. Every model call (model, tokens, cost, prompt,
response) and every tool call (name, arguments, result) is reported to the engine through
POST /v1/events/ingest, next to the commands and file changes the engine records itself, so the
session replays in the workbench. Standard library only; Python 3.9 or newer.

    python3 fix_the_tests.py URL KEY [--sandbox ID] [--cleanup]

URL and KEY may come from SANDBENCH_URL and SANDBENCH_KEY instead. The sandbox is left running
for you to look at unless --cleanup is given. Exit status: 0 done, 1 failed, 2 usage.
"""
import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request

AGENT = "fix-the-tests-python"
MODEL = "claude-sonnet-4"
TEST_COMMAND = "python3 -m unittest -v test_calc"

BUGGY = '''def average(values):
    """The arithmetic mean of a non-empty list of numbers."""
    return sum(values) / (len(values) - 1)
'''

FIXED = '''def average(values):
    """The arithmetic mean of a non-empty list of numbers."""
    return sum(values) / len(values)
'''

TEST = '''import unittest

from calc import average


class AverageTest(unittest.TestCase):
    def test_average_of_three_numbers(self):
        self.assertEqual(average([2, 4, 6]), 4)

    def test_average_of_one_number(self):
        self.assertEqual(average([5]), 5)


if __name__ == "__main__":
    unittest.main()
'''

# The scripted model: what it is asked is built from what really happened; what it answers, and
# what that costs, is fixed (tokens in, tokens out, USD at $3 / $15 per million tokens).
PLAN = (1850, 420, 0.01185)
DIAGNOSIS = (2640, 180, 0.01062)
SUMMARY = (2980, 95, 0.010365)


class EngineError(Exception):
    """A call to the engine failed; the message says which call and why."""


class Engine:
    """The few calls of the Sandbench HTTP API this agent needs (urllib, JSON, a bearer key)."""

    def __init__(self, url, key):
        self.url = url.rstrip("/")
        self.key = key

    def call(self, method, path, body=None, timeout=120):
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Authorization", "Bearer " + self.key)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as res:
                text = res.read().decode("utf-8")
                return json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace")
            try:
                detail = json.loads(detail).get("detail") or detail
            except ValueError:
                pass
            raise EngineError("%s %s answered %d: %s" % (method, path, e.code, detail)) from None
        except urllib.error.URLError as e:
            raise EngineError("cannot reach the engine at %s: %s" % (self.url, e.reason)) from None


class Agent:
    """One session of the scripted agent in one sandbox."""

    def __init__(self, engine, sandbox_id):
        self.engine = engine
        self.sandbox = sandbox_id
        self.session = "%s-%x" % (AGENT, int(time.time() * 1000))
        self.events = 0
        self.llm_calls = []
        self.tool_calls = 0

    def report(self, type_, data):
        """Sends one event of this session; its id makes a retried report harmless."""
        self.events += 1
        event = {"id": "%s-%d" % (self.session, self.events), "type": type_, "sandbox_id": self.sandbox,
                 "session_id": self.session, "data": data}
        res = self.engine.call("POST", "/v1/events/ingest", {"events": [event]})
        if res.get("accepted") != 1:
            raise EngineError("the engine refused a %s event: %s" % (type_, json.dumps(res)))

    def llm(self, prompt, response, usage):
        tokens_in, tokens_out, cost = usage
        data = {"model": MODEL, "tokens_in": tokens_in, "tokens_out": tokens_out, "cost_usd": cost,
                "prompt": prompt, "response": response}
        if not self.llm_calls:
            data["agent_type"] = AGENT
        self.report("llm_call", data)
        self.llm_calls.append(usage)
        return response

    def tool(self, name, arguments, result):
        self.report("tool_call", {"name": name, "arguments": arguments, "result": result})
        self.tool_calls += 1
        return result

    def write_file(self, path, content):
        self.engine.call("PUT", "/v1/sandboxes/%s/files/content" % self.sandbox, {"path": path, "content": content})
        return self.tool("write_file", {"path": path, "content": content},
                         "wrote %d bytes to %s" % (len(content.encode("utf-8")), path))

    def run_tests(self):
        r = self.engine.call("POST", "/v1/sandboxes/%s/exec" % self.sandbox,
                             {"command": TEST_COMMAND, "cwd": "/workspace", "timeout_ms": 60000})
        if r.get("error"):
            raise EngineError("the engine could not run the tests: %s" % r["error"])
        self.tool("run_command", {"command": TEST_COMMAND, "cwd": "/workspace"},
                  "%s\n[exit code %d]" % (r["output"].rstrip("\n"), r["exit_code"]))
        return r

    def snapshot(self, name, description):
        s = self.engine.call("POST", "/v1/sandboxes/%s/snapshots" % self.sandbox,
                             {"name": name, "description": description})
        return self.tool("create_snapshot", {"name": name, "description": description},
                         "snapshot %s '%s' taken" % (s["id"], name))

    def run(self):
        step("asking the model for a plan")
        self.llm("Write calc.py with a function average(values) that returns the arithmetic mean, and a "
                 "unittest for it in test_calc.py. Then run the test.",
                 "I'll write calc.py:\n\n" + BUGGY + "\nand test_calc.py:\n\n" + TEST
                 + "\nThen I'll run `" + TEST_COMMAND + "`.", PLAN)
        step("writing calc.py and test_calc.py")
        self.write_file("/workspace/calc.py", BUGGY)
        self.write_file("/workspace/test_calc.py", TEST)
        step("running the tests")
        first = self.run_tests()
        if first["exit_code"] == 0:
            raise EngineError("the tests passed before the fix; expected them to fail:\n" + first["output"])
        print(indent(first["output"]))
        step("the tests failed (exit code %d); asking the model why" % first["exit_code"])
        self.llm("`" + TEST_COMMAND + "` failed with exit code %d:\n\n%s\nFind the bug and fix it."
                 % (first["exit_code"], first["output"]),
                 "average() divides by len(values) - 1; the mean divides by len(values). That makes "
                 "average([2, 4, 6]) return 6 and average([5]) divide by zero. I'll take a snapshot, then "
                 "fix calc.py:\n\n" + FIXED, DIAGNOSIS)
        step("taking a snapshot before the fix")
        self.snapshot("before-fix", "calc.py still divides by len(values) - 1")
        step("fixing calc.py")
        self.write_file("/workspace/calc.py", FIXED)
        step("running the tests again")
        second = self.run_tests()
        print(indent(second["output"]))
        if second["exit_code"] != 0:
            raise EngineError("the tests still fail after the fix (exit code %d)" % second["exit_code"])
        step("the tests pass; reporting the outcome")
        self.llm("`" + TEST_COMMAND + "` now passes:\n\n" + second["output"] + "\nSummarise what you did.",
                 "Fixed an off-by-one in calc.average(): it divided by len(values) - 1 instead of len(values). "
                 "Both tests pass.", SUMMARY)
        self.report("session_end", {"status": "completed"})


def step(what):
    print("fix-the-tests: " + what, flush=True)


def indent(text):
    return "\n".join(("    " + line) if line else "" for line in text.rstrip("\n").splitlines())


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="fix_the_tests.py",
        description="A scripted agent fixes a failing test in a Sandbench sandbox and leaves a session to replay.",
        epilog="URL and KEY default to $SANDBENCH_URL and $SANDBENCH_KEY. The workbench's embedded engine keeps "
               "its key in ~/.local/share/sandbench/engine/admin.key (/var/lib/sandbench/engine/admin.key as root).")
    p.add_argument("url", nargs="?", default=os.environ.get("SANDBENCH_URL"),
                   help="the engine, e.g. http://127.0.0.1:8080")
    p.add_argument("key", nargs="?", default=os.environ.get("SANDBENCH_KEY"), help="an API key of the engine")
    p.add_argument("--sandbox", metavar="ID", help="work in this running sandbox instead of creating one")
    p.add_argument("--cleanup", action="store_true", help="destroy the sandbox at the end")
    args = p.parse_args(argv)
    if not args.url or not args.key:
        p.print_usage(sys.stderr)
        print("fix_the_tests.py: error: give the engine's URL and an API key as arguments, or set SANDBENCH_URL "
              "and SANDBENCH_KEY", file=sys.stderr)
        sys.exit(2)
    if not args.url.startswith(("http://", "https://")):
        print("fix_the_tests.py: error: URL must start with http:// or https://, got " + args.url, file=sys.stderr)
        sys.exit(2)
    return args


def main(argv):
    args = parse_args(argv)
    engine = Engine(args.url, args.key)
    try:
        if args.sandbox:
            box = engine.call("GET", "/v1/sandboxes/" + args.sandbox)
            if box["status"] != "running":
                raise EngineError("sandbox %s is %s, not running" % (box["id"], box["status"]))
        else:
            step("creating a sandbox")
            box = engine.call("POST", "/v1/sandboxes", {"template": "python", "name": AGENT})
        print("fix-the-tests: sandbox %s" % box["id"])
        agent = Agent(engine, box["id"])
        agent.run()
    except EngineError as e:
        print("fix_the_tests.py: failed: %s" % e, file=sys.stderr)
        return 1
    tokens_in = sum(u[0] for u in agent.llm_calls)
    tokens_out = sum(u[1] for u in agent.llm_calls)
    cost = sum(u[2] for u in agent.llm_calls)
    print("Reported %d LLM calls (%d tokens in, %d out, $%.6f) and %d tool calls in session %s."
          % (len(agent.llm_calls), tokens_in, tokens_out, cost, agent.tool_calls, agent.session))
    if args.cleanup:
        try:
            engine.call("DELETE", "/v1/sandboxes/" + box["id"])
        except EngineError as e:
            print("fix_the_tests.py: failed: could not destroy the sandbox: %s" % e, file=sys.stderr)
            return 1
        print("Destroyed sandbox %s (--cleanup). The session stays: GET %s/v1/sessions/%s/replay"
              % (box["id"], engine.url, agent.session))
    else:
        name = " (name %s)" % box["name"] if box.get("name") else ""
        print("Open the workbench, select sandbox %s%s, Sessions tab, double-click session %s"
              % (box["id"], name, agent.session))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
