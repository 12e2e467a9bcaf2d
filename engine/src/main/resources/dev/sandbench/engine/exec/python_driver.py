# Sandbench persistent Python: one JSON request per line on the protocol pipe
# ({"code": ..., "mark": ...}); globals live on between requests. Output goes straight to
# stdout/stderr; each answer ends with "\n<mark> <exit code>\n" on stdout and "\n<mark>\n" on stderr.
import ast, json, os, sys, traceback
proto = os.fdopen(os.dup(0), 'r', encoding='utf-8')
_null = os.open(os.devnull, os.O_RDONLY)
os.dup2(_null, 0)
sys.stdin = open(os.devnull)
scope = {'__name__': '__main__', '__builtins__': __builtins__}


def run(code):
    tree = ast.parse(code, '<cell>', 'exec')
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    exec(compile(tree, '<cell>', 'exec'), scope)
    if last is not None:
        value = eval(compile(last, '<cell>', 'eval'), scope)
        if value is not None:
            print(repr(value))


for line in proto:
    request = json.loads(line)
    code = 0
    try:
        run(request['code'])
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException as e:
        code = 1
        tb = e.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename != '<cell>':
            tb = tb.tb_next
        traceback.print_exception(type(e), e, tb)
    sys.stdout.flush()
    sys.stderr.flush()
    os.write(1, ('\n%s %d\n' % (request['mark'], code)).encode())
    os.write(2, ('\n%s\n' % request['mark']).encode())
