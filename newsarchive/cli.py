"""The ``newsarchive`` command line: rebuild, add, search, extract, stats, serve.

Thin: each command builds ``Settings``, calls the library and prints. Results go to stdout,
progress and logs to stderr. A user-actionable ``AppError`` becomes "Error: ..." and exit 1;
bad usage is exit 2 (click); a bug keeps its traceback.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from newsarchive.errors import AppError, BadParameter, UnknownValue
from newsarchive.settings import INDEX_ENV, Settings

SKIPS_SHOWN = 20  # skipped files listed in a summary; -v lists them all
BODY_PREVIEW = 200
LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"


class AppGroup(click.Group):
    """A click group that turns AppError into a one-line "Error: ..." and exit status 1 (2 for
    bad usage: a filter value that does not exist, a malformed option value)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AppError as error:
            failure = click.ClickException(str(error))
            if isinstance(error, UnknownValue | BadParameter):  # bad usage (the contract)
                failure.exit_code = 2
            raise failure from None
        except BrokenPipeError:  # `newsarchive search x | head`
            sys.stderr.close()
            ctx.exit(0)


def _set_index(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.ensure_object(dict)["index"] = value


def _index_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Accept ``--index DIR`` after the command name too."""
    return click.option(
        "--index",
        type=click.Path(file_okay=False, path_type=Path),
        expose_value=False,
        callback=_set_index,
        help="Index folder (overrides the one given before the command).",
    )(func)


def _settings(ctx: click.Context, **changes: Any) -> Settings:
    index = ctx.ensure_object(dict).get("index")
    return Settings(**({"index_dir": index} if index else {}), **changes)


@click.group(cls=AppGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--index",
    type=click.Path(file_okay=False, path_type=Path),
    envvar=INDEX_ENV,
    default=None,
    help=f"Index folder [env {INDEX_ENV}; default: ./var/index].",
)
@click.option(
    "-v", "--verbose", count=True, help="-v: info logs and every skipped file; -vv: debug."
)
@click.pass_context
def cli(ctx: click.Context, index: Path | None, verbose: int) -> None:
    """Full-text search for news archives."""
    obj = ctx.ensure_object(dict)
    obj.setdefault("index", index)
    obj["verbose"] = verbose
    level = logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )


def _exclude_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--exclude",
        "excludes",
        multiple=True,
        metavar="GLOB",
        help="Leave out corpus files matching GLOB, gitignore-style, e.g. 'docs/' or "
        "'*-descriptions*.txt' (repeatable; a corpus folder's .newsarchiveignore adds its own).",
    )(func)


def _corpus_settings(
    ctx: click.Context, values: tuple[str, ...], excludes: tuple[str, ...], **changes: Any
) -> Settings:
    """Settings for corpus values ``PATH`` or ``NAME=PATH`` (NAME: the files' source)."""
    from indexer.reading.sources import parse_corpus

    parsed = [parse_corpus(value) for value in values]
    if parsed:
        changes["source_dirs"] = tuple(path for path, _name in parsed)
    names = tuple((path, name) for path, name in parsed if name)
    return _settings(ctx, source_names=names, excludes=excludes, **changes)


@cli.command()
@click.option(
    "--corpus",
    "corpus",
    multiple=True,
    metavar="[NAME=]PATH",
    help="Folder or file to index (repeatable; default: ./corpus). NAME= gives its files' "
    "source; files naming none get the folder's name.",
)
@_exclude_option
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes that extract, tag and write [default: the cores, at most 4; a small "
    "corpus uses one].",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@_index_option
@click.pass_context
def rebuild(
    ctx: click.Context,
    corpus: tuple[str, ...],
    excludes: tuple[str, ...],
    workers: int | None,
    as_json: bool,
) -> None:
    """Build a fresh index from the corpus and swap it in atomically."""
    from indexer.build import build_index

    changes: dict[str, Any] = {"workers": workers} if workers else {}
    settings = _corpus_settings(ctx, corpus, excludes, **changes)
    if not corpus and not settings.source_dirs[0].exists():  # the default: ./corpus
        raise click.ClickException(
            f"No corpus/ folder in {Path.cwd()}: run in the project folder, or give --corpus PATH."
        )
    report = build_index(settings, progress=sys.stderr)
    _print_report(ctx, report, as_json, "rebuilt")


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="[NAME=]PATH...")
@_exclude_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@_index_option
@click.pass_context
def add(
    ctx: click.Context, paths: tuple[str, ...], excludes: tuple[str, ...], as_json: bool
) -> None:
    """Add or update articles in the live index (same id = replace); NAME= names the source."""
    from indexer.build import add_paths

    settings = _corpus_settings(ctx, paths, excludes)
    report = add_paths(settings, settings.source_dirs, progress=sys.stderr)
    _print_report(ctx, report, as_json, "added")


@cli.command()
@click.option("--full", is_flag=True, help="Merge every segment into one (slow on a big index).")
@_index_option
@click.pass_context
def optimize(ctx: click.Context, full: bool) -> None:
    """Merge the segments that adds left behind, in a new generation swapped in atomically."""
    from indexer.incremental import optimize_live

    settings = _settings(ctx)
    with store_lock(settings):
        before, after, generation = optimize_live(settings, full)
    click.echo(f"optimized: {before} -> {after} segments ({generation.name})")


def store_lock(settings: Settings) -> Any:
    """The index's write lock (one writer at a time: rebuild, add or optimize)."""
    from indexer.store import writer_lock

    return writer_lock(settings.index_dir)


def _print_report(ctx: click.Context, report: Any, as_json: bool, verb: str) -> None:
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        return
    from newsarchive.output import format_report, printable

    verbose = ctx.ensure_object(dict).get("verbose", 0)
    click.echo(printable(format_report(report, verb, None if verbose else SKIPS_SHOWN)))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article per line.")
@click.option("--explain", is_flag=True, help="Add why each country and topic was given.")
@_index_option
def extract(paths: tuple[Path, ...], as_json: bool, explain: bool) -> None:
    """Show what the indexer extracts from files, without indexing."""
    from indexer.article import Skip
    from indexer.extract_phase import extract_corpus
    from indexer.reading.readers import find_files
    from indexer.tagging.taggers import explain as explain_tags
    from newsarchive.output import format_article, printable

    find_files(paths)  # a missing path is an error before anything is printed
    extracted = reported = 0
    for given in paths:
        run = extract_corpus([given])
        reported += len(run.skips) + len(run.left_out)
        for skip in run.skips:
            shown = printable(_shown_path(given, skip.path))
            click.echo(f"skipped {shown}: {printable(skip.reason)}", err=True)
        for reason, count in sorted(run.left_out.items()):  # other kinds, documentation
            files = f"{count:,} file" + ("" if count == 1 else "s")
            what = str(given) if given.is_file() else f"{files} under {given}"
            click.echo(printable(f"left out {what}: {reason}"), err=True)
        for done in run.results:
            for item in done.items:
                shown = _shown_path(given, item.path)
                if isinstance(item, Skip):
                    reported += 1
                    line = f":{item.line}" if item.line else ""
                    click.echo(printable(f"skipped {shown}{line}: {item.reason}"), err=True)
                    continue
                item = item.with_(path=shown)
                extracted += 1
                if as_json:
                    data = item.to_dict()
                    if explain:
                        data["explain"] = explain_tags(item)
                    click.echo(json.dumps(data, ensure_ascii=False))
                else:
                    extra = explain_tags(item) if explain else None
                    click.echo(printable(format_article(item, BODY_PREVIEW, extra)))
    if not extracted:  # scripts can tell "nothing here" from articles (as rebuild does)
        where = ", ".join(map(str, paths))
        why = "the lines above say why" if reported else "no supported files there"
        raise AppError(f"No article extracted from {where}: {why}.")


def _shown_path(given: Path, rel_path: str) -> str:
    """The path as given on the command line (a folder argument joined with the file's path)."""
    return str(given / rel_path) if given.is_dir() else str(given)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@_index_option
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Show article count, date span, top countries/topics/sources and index size."""
    from indexer.stats import index_stats
    from newsarchive.output import format_stats

    data = index_stats(_settings(ctx))
    click.echo(json.dumps(data, ensure_ascii=False) if as_json else format_stats(data))


def _export_fields(_ctx: click.Context, _param: click.Parameter, value: str | None) -> tuple:
    from search.export import parse_fields

    try:
        return parse_fields(value)
    except AppError as error:
        raise click.BadParameter(str(error)) from None


@cli.command()
@click.argument("query", required=False, default="")
@click.option("--country", multiple=True, help="ISO country code (repeatable).")
@click.option("--region", multiple=True, help="Region slug (repeatable).")
@click.option("--topic", multiple=True, help="Topic slug (repeatable).")
@click.option("--source", multiple=True, help="Source name (repeatable; none: unknown).")
@click.option("--year", multiple=True, help="Year, YYYY (repeatable; none: undated).")
@click.option("--not-country", multiple=True, help="Leave out a country (repeatable).")
@click.option("--not-region", multiple=True, help="Leave out a region (repeatable).")
@click.option("--not-topic", multiple=True, help="Leave out a topic (repeatable).")
@click.option("--not-source", multiple=True, help="Leave out a source (repeatable).")
@click.option("--not-year", multiple=True, help="Leave out a year (repeatable).")
@click.option("--from", "date_from", help="Earliest date, YYYY-MM-DD.")
@click.option("--to", "date_to", help="Latest date, YYYY-MM-DD.")
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date"]),
    default="relevance",
    help="Best matches first (default), or newest first.",
)
@click.option("--page", type=click.IntRange(1), default=1, help="Page of results, from 1.")
@click.option(
    "--per-page", type=click.IntRange(1), default=None, help="Results per page (10, at most 100)."
)
@click.option(
    "--histogram",
    type=click.Choice(["year", "month", "day"]),
    help="Matches per period with every article of the period and the share.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the search document as JSON.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), help="Every match, streamed.")
@click.option(
    "--fields",
    callback=_export_fields,
    help="Export columns, comma-separated (id,title,body,snippet,...); with --format.",
)
@click.option(
    "--no-collapse", is_flag=True, help="List every copy of a syndicated story, not one per story."
)
@click.option(
    "--no-correct", is_flag=True, help="Search the words as typed, even when they find nothing."
)
@click.option(
    "--explain", is_flag=True, help="Show how the query was read and what each clause matches."
)
@_index_option
@click.pass_context
def search(
    ctx: click.Context,
    query: str,
    fmt: str | None,
    fields: tuple[str, ...],
    as_json: bool,
    explain: bool,
    **options: Any,
) -> None:
    """Search the index: ranked results, or every match as CSV / JSON Lines."""
    from search import Engine
    from search.explain import explain_query, render_explain
    from search.request import parse_request

    settings = _settings(ctx)
    params = {name: list(values) for name, values in _url_params(query, options).items()}
    request = parse_request(params, settings)
    engine = Engine(settings)
    if fmt:
        _export(engine, request, fmt, fields)
        return
    results = engine.search(request)
    explained = explain_query(engine, request) if explain else None
    if as_json:
        data = results.to_dict() | ({"explain": explained} if explained else {})
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    if explained:
        from newsarchive.output import printable

        click.echo(printable(render_explain(explained)))
    from newsarchive.results_table import render_histogram, render_results

    if request.histogram:
        click.echo(render_histogram(results), nl=False)
        return

    width = shutil.get_terminal_size((100, 24)).columns
    click.echo(render_results(results, color=sys.stdout.isatty(), width=width), nl=False)


def _url_params(query: str, options: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """CLI options -> the URL parameter names that ``parse_request`` reads."""
    params: dict[str, tuple[str, ...]] = {"q": (query,)}
    for name in ("country", "region", "topic", "source", "year"):
        params[name] = tuple(options[name])
    for name in ("not_country", "not_region", "not_topic", "not_source", "not_year"):
        params[name] = tuple(options[name])
    single = {
        "from": "date_from",
        "to": "date_to",
        "per_page": "per_page",
        "histogram": "histogram",
    }
    for name, key in single.items():
        if options.get(key) is not None:
            params[name] = (str(options[key]),)
    params["sort"] = (options["sort"],)
    if options.get("no_collapse"):
        params["collapse"] = ("0",)
    if options.get("no_correct"):
        params["correct"] = ("0",)
    params["page"] = (str(options["page"]),)
    return {k: v for k, v in params.items() if v}


def _export(engine: Any, request: Any, fmt: str, columns: tuple[str, ...]) -> None:
    """Stream every match to stdout; say on stderr what the export came from."""
    from search.export import (
        export_chunks,
        export_name,
        export_request,
        iter_export_rows,
        provenance,
    )

    request = export_request(request)
    generation = engine.generation
    chunks = export_chunks(iter_export_rows(engine, request, columns), fmt, columns)
    first = next(chunks)  # a bad query or a missing index fails here, before any output
    origin = provenance(request, generation)
    click.echo(
        f"query: {origin['query']}  filters: {origin['filters'] or '-'}  "
        f"generation: {origin['generation'] or '-'}  exported: {origin['exported']}  "
        f"(file name: {export_name(request, generation, fmt)})",
        err=True,
    )
    sys.stdout.write(first)
    for chunk in chunks:
        sys.stdout.write(chunk)
    sys.stdout.flush()


def _index_name(value: str) -> str:
    from indexer.opensearch import INDEX_NAME

    if not INDEX_NAME.fullmatch(value):
        raise click.BadParameter(f"{value!r} is not a valid index name (e.g. newsarchive-2026).")
    return value


@cli.command()
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["opensearch"]), required=True, help="What to write."
)
@click.option(
    "--name", default="newsarchive", show_default=True, callback=lambda _c, _p, v: _index_name(v),
    help="Target index name (lower case letters, digits, - _ .).",
)  # fmt: skip
@click.option(
    "--chunk-mb", type=click.IntRange(1, 1000), default=50, show_default=True,
    help="Largest bulk file (a cluster's default request limit is 100 MB).",
)  # fmt: skip
@_index_option
@click.pass_context
def export(ctx: click.Context, out_dir: Path, fmt: str, name: str, chunk_mb: int) -> None:
    """Write the index as an OpenSearch/Elasticsearch index template and bulk NDJSON files."""
    from indexer.opensearch import export_opensearch

    manifest = export_opensearch(_settings(ctx), out_dir, name, chunk_mb * 1_000_000)
    click.echo(
        f"exported {manifest['articles']:,} articles of {manifest['generation']} to {out_dir}: "
        f"{manifest['template']} and {len(manifest['bulk'])} bulk file(s); "
        "load them from there with:"
    )
    for command in manifest["load"]:
        click.echo(f"  {command}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@_index_option
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Serve the web UI (development server; production: gunicorn, see README)."""
    from web import create_app

    create_app(_settings(ctx)).run(host=host, port=port, debug=False)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="newsarchive")


if __name__ == "__main__":
    main()
