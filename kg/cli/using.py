"""The `kg` commands that use built graphs: query, load, serve, site, ledger, export panel."""
from __future__ import annotations

import os
import sys
import time

from kg.cli.exits import EXIT_INPUT, EXIT_INVALID, EXIT_OK, err
from kg.errors import GovkgError, LoadError


def _query(args) -> int:
    from kg.use.narrow import filtered_rows
    from kg.use.query import open_file, open_folder, ordered, query_text, shown
    from kg.use.render import cells, write
    text = query_text(args.query)
    store = open_folder(args.graph) if args.graph.is_dir() else open_file(args.graph)
    sort = not (args.no_sort or ordered(text))  # a query without ORDER BY: the same output every time
    names, rows = filtered_rows(store, text, args.report, args.place)
    try:
        write(names, cells(rows, args.format, sort=sort, convert=shown), args.format, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:  # the rows are written as they come, and the reader (head) has had all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
    return EXIT_OK


def _load(args) -> int:
    from tqdm import tqdm

    from kg.use.load import auth_from_env, endpoint, graphs_of, load, query_url_for

    # a URL that can never work, or one with a password in it, is dealt with before anything is read;
    # like a source that cannot be read, it is a GovkgError, said by main
    target, url_auth = endpoint(args.endpoint)
    query_url, query_auth = endpoint(args.query_endpoint) if args.query_endpoint else (query_url_for(target), None)
    if args.no_check:
        query_url = None
    unknown = (f"{target}: no query endpoint is known for it to check the load: give --query-endpoint URL, "
               "or --no-check to load without checking") if query_url is None and not args.no_check else None
    graphs = graphs_of(args.source)
    if args.dry_run:
        for graph in graphs:
            print(f"PUT {target}?graph={graph.name}  {graph.triples:,} triples")
        print(f"{len(graphs)} graphs, {sum(g.triples for g in graphs):,} triples would be sent"
              + (f"; counts checked at {query_url}" if query_url else "; counts not checked"))
        if unknown:
            err(unknown)
        return EXIT_OK
    if unknown:  # a load nobody checked is no load to report as done
        err(unknown)
        return EXIT_INPUT
    deadline = time.monotonic() + args.deadline if args.deadline else None
    bar = tqdm(total=len(graphs), unit="graph", disable=args.quiet or not sys.stderr.isatty(), file=sys.stderr)
    warnings: list[str] = []  # said once the bar is gone, not over it
    try:
        done = load(graphs, target, query_url, auth_from_env() or url_auth or query_auth,
                    sent=lambda g: bar.update(), deadline=deadline, warn=warnings.append)
    except LoadError as exc:  # the store failed: exit 1, not bad input
        bar.close()
        err(str(exc))
        err("the graphs sent before it are in the store; run the same command again to complete the load")
        return EXIT_INVALID
    bar.close()
    for warning in warnings:
        err(warning)
    if not args.quiet:
        checked = "each graph's count checked" if query_url else "counts not checked (--no-check)"
        print(f"{done.graphs} graphs, {done.triples:,} triples → {target} ({checked})")
    return EXIT_OK


def _serve(args) -> int:
    from kg.use.serve import Server

    if not args.folder.is_dir():
        err(f"{args.folder}: not a folder kg build wrote")
        return EXIT_INPUT
    try:  # a store that cannot be opened is a GovkgError, said by main
        server = Server(args.folder, args.host, args.port, verbose=args.verbose, timeout=args.timeout,
                        max_memory_mb=args.max_memory, workers=args.workers, cors=args.cors)
    except RuntimeError as exc:
        err(str(exc))
        return EXIT_INPUT
    except OSError as exc:
        err(f"cannot listen on {args.host}:{args.port} ({exc.strerror})")
        return EXIT_INPUT
    print(f"SPARQL endpoint on http://{args.host}:{server.server_address[1]}/sparql (read-only); Ctrl-C stops it",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK


def _site(args) -> int:
    from kg.use.site import build_site

    started = time.perf_counter()
    try:
        pages = build_site(args.source, args.output)
    except (GovkgError, FileNotFoundError, FileExistsError, ValueError, SyntaxError) as exc:
        err(str(exc).splitlines()[0])
        return EXIT_INPUT
    except OSError as exc:  # a full disk, a folder not ours, a name the file system will not take
        err(f"{args.output}: cannot write the site ({exc.strerror or exc}{': ' + exc.filename if exc.filename else ''})")
        return EXIT_INPUT
    print(f"{pages} pages → {args.output}/index.html ({time.perf_counter() - started:.1f} s)")
    return EXIT_OK


def _ledger(args) -> int:
    from kg.files import write_atomic
    from kg.use.ledger import commitments, files, only, table

    rows = commitments(args.source)  # no corpus there, or a graph that cannot be read: a GovkgError, said by main
    if args.place:
        rows = only(rows, args.place)
    written = files(rows, args.output) if args.output else []
    if written:  # written before the table is shown, so a failed write prints nothing but its error
        try:
            for path, data in written:
                write_atomic(path, data)
        except OSError as exc:  # a full disk or a folder not ours: the file there before is left as it was
            err(f"{args.output}: cannot write it ({exc.strerror or exc})")
            return EXIT_INPUT
    sys.stdout.write(table(rows))
    if not rows:
        err(f"{args.source}: no commitments (a corpus built by this govkg joins targets to the next year's actuals)")
    if written:
        print(f"{len(rows)} commitments → {args.output} (+ {written[1][0].name}); "
              f"{len(getattr(rows, 'projects', []))} projects due → {written[2][0].name} (+ {written[3][0].name})")
    return EXIT_OK


def _export(args) -> int:
    from kg.files import write_atomic
    from kg.use.panel import graph_files, metadata, rows_of, to_csv

    files = graph_files(args.graphs)
    if not files:
        err("no graph files found in " + ", ".join(map(str, args.graphs)))
        return EXIT_INPUT
    rows = []
    for n, path in enumerate(files, 1):
        try:
            found = rows_of(path)
        except GovkgError as exc:
            err(str(exc) + "; nothing written")
            return EXIT_INPUT
        rows.extend(found)
        if not args.quiet and sys.stderr.isatty():
            print(f"\r{n}/{len(files)} graphs, {len(rows)} observations", end="", file=sys.stderr, flush=True)
    if not args.quiet and sys.stderr.isatty():
        print(file=sys.stderr)
    meta_path = args.output.with_name(args.output.name + "-metadata.json")
    try:
        write_atomic(args.output, ("\ufeff".encode("utf-8") if args.bom else b"") + to_csv(rows))
        write_atomic(meta_path, metadata(args.output.name))
    except OSError as exc:  # a full disk or a folder not ours: the file there before is left as it was
        err(f"{args.output}: cannot write it ({exc.strerror or exc})")
        return EXIT_INPUT
    if not args.quiet:
        print(f"{len(rows)} observations from {len(files)} graph{'s' if len(files) != 1 else ''} → "
              f"{args.output} (+ {meta_path.name})")
    return EXIT_OK


COMMANDS = {"query": _query, "load": _load, "serve": _serve, "site": _site, "ledger": _ledger, "export": _export}
