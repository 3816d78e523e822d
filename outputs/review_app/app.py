"""The review app: a Flask app over one dataset folder (``lkjip serve DATASET``).

Pages (Jinja2 templates in ``templates/``, autoescaped; no HTML is built from strings):

``/``                     the reports, with filters (kabupaten, instansi, year, status, grade, open
                          warnings) and a search
``/laporan/<report_id>``  one report: each warning with its figures and page crop, each table beside
                          the page it came from; the forms of every decision
``/keputusan``            every decision with its status (applied, orphaned, superseded)

Every write is a POST with a CSRF token (Flask-WTF), appends one line to the
decision log (``store.py``) and redirects back. Only hosts named in
``TRUSTED_HOSTS`` are answered (a page of another site that rebinds its name to
127.0.0.1 gets an error), and every answer carries a Content-Security-Policy
that allows nothing from elsewhere.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, flash, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.wrappers import Response as BaseResponse

from lkjip.outputs._review_html import HEADERS, SEVERITY_WORD, fmt_value
from lkjip.outputs.review_app import forms
from lkjip.outputs.review_app.data import DatasetBusy, DatasetView, Snapshot, crops_of, page_png
from lkjip.outputs.review_app.keys import FAMILIES, family_of_jenis
from lkjip.outputs.review_app.store import CorrectionLog
from lkjip.outputs.review_app.views import report_context, report_list

CSP = (
    "default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def create_app(dataset: Path | str, *, hosts: list[str] | None = None, secret_key: bytes | None = None) -> Flask:
    """The review app of one dataset folder. ``hosts``: the host names it answers to (loopback by default)."""
    root = Path(dataset).resolve()
    app = Flask(__name__)  # templates/ and static/ of this package; nothing else is served
    app.config.update(
        SECRET_KEY=secret_key or secrets.token_bytes(32),
        TRUSTED_HOSTS=hosts or ["127.0.0.1", "localhost", "::1"],
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
        WTF_CSRF_TIME_LIMIT=None,  # a page left open all day still saves; the token dies with the server
        MAX_CONTENT_LENGTH=64 * 1024,
        TEMPLATES_AUTO_RELOAD=False,
    )
    CSRFProtect(app)
    view = DatasetView(root)
    log = CorrectionLog(root)
    app.jinja_env.filters["angka"] = fmt_value
    app.jinja_env.globals.update(SEVERITY_WORD=SEVERITY_WORD, HEADERS=HEADERS, dataset_name=root.name)

    def snapshot() -> Snapshot:
        snap = view.snapshot()
        g.stale = snap.stale
        return snap

    @app.context_processor
    def _stale() -> dict[str, Any]:
        return {"stale": g.get("stale", False)}

    @app.after_request
    def _headers(resp: Response) -> Response:
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["X-Frame-Options"] = "DENY"
        return resp

    @app.errorhandler(DatasetBusy)
    def _busy(exc: DatasetBusy) -> tuple[str, int]:
        return render_template("error.html", title="Dataset sedang ditulis", message=(
            "Dataset ini sedang ditulis oleh proses lain (mis. lkjip ingest). Muat ulang halaman ini sebentar lagi; "
            "keputusan yang sudah disimpan tidak hilang."
        )), 503  # fmt: skip

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError) -> tuple[str, int]:
        return render_template("error.html", title="Formulir kedaluwarsa", message=(
            "Token keamanan formulir ini tidak sah atau sudah kedaluwarsa (aplikasi dijalankan ulang?). "
            "Muat ulang halaman lalu kirim lagi; tidak ada yang disimpan."
        )), 400  # fmt: skip

    @app.errorhandler(404)
    def _missing(exc: Exception) -> tuple[str, int]:
        return render_template("error.html", title="Tidak ditemukan", message="Halaman ini tidak ada."), 404

    @app.get("/")
    def index() -> str:
        return render_template("list.html", **report_list(snapshot(), request.args))

    @app.get("/laporan/<report_id>")
    def report(report_id: str) -> str:
        snap = snapshot()
        if snap.report(report_id) is None:
            abort(404)
        ctx = report_context(snap, report_id, crops_of(snap, report_id))
        return render_template("report.html", reviewer=session.get("reviewer", ""), **ctx)

    @app.get("/laporan/<report_id>/halaman/<int:page>.png")
    def page_image(report_id: str, page: int) -> Response:
        meta = snapshot().report(report_id)
        png = page_png(meta, page) if meta else None
        if png is None:
            abort(404)
        resp = Response(png, mimetype="image/png")
        resp.headers["Cache-Control"] = "private, max-age=300"
        return resp

    @app.get("/keputusan")
    def decisions() -> str:
        snap = snapshot()
        only = request.args.get("status") or ""
        rows = [r for r in reversed(snap.state.resolved) if not only or r.status == only]
        files = dict(zip(snap.reports["report_id"], snap.reports["source_file"], strict=True))
        return render_template(
            "decisions.html", rows=rows, status=only, files=files, bad_lines=snap.state.bad_lines,
            n_orphaned=sum(r.status == "orphaned" for r in snap.state.resolved),
        )  # fmt: skip

    def _back(report_id: str, anchor: str) -> BaseResponse:
        return redirect(url_for("report", report_id=report_id, _anchor=anchor), code=303)

    def _save(report_id: str, made: forms.Made, anchor: str) -> BaseResponse:
        if made.error:
            flash(made.error, "error")
        else:
            assert made.decision is not None
            log.append(made.decision)
            session["reviewer"] = made.decision.reviewer
            flash(made.saved, "ok")
        return _back(report_id, anchor)

    def _known(report_id: str) -> tuple[Snapshot, dict[str, Any]]:
        snap = snapshot()
        meta = snap.report(report_id)
        if meta is None:
            abort(404)
        return snap, meta

    @app.post("/peninjau")
    def set_reviewer() -> BaseResponse:
        name = " ".join((request.form.get("reviewer") or "").split())[:200]
        if name:
            session["reviewer"] = name
            flash(f"Keputusan berikutnya atas nama {name}.", "ok")
        target = request.form.get("next") or ""
        # only a page of this app: a path, never another site
        if not target.startswith("/") or target.startswith("//"):
            target = url_for("index")
        return redirect(target, code=303)

    @app.post("/laporan/<report_id>/peringatan/<int:index>")
    def warning_decision(report_id: str, index: int) -> BaseResponse:
        snap, meta = _known(report_id)
        return _save(report_id, forms.warning_decision(snap, meta, index, request.form), f"w-{index}")

    @app.post("/laporan/<report_id>/sel")
    def cell_correction(report_id: str) -> BaseResponse:
        snap, meta = _known(report_id)
        family = request.form.get("family", "")
        if family not in FAMILIES:
            abort(400)
        made = forms.cell_correction(snap, meta, family, request.form)
        return _save(report_id, made, f"r-{family}-{request.form.get('row_index', '')}")

    @app.post("/laporan/<report_id>/tabel/<table_id>")
    def table_decision(report_id: str, table_id: str) -> BaseResponse:
        snap, meta = _known(report_id)
        return _save(report_id, forms.table_decision(snap, meta, table_id, request.form), f"t-{table_id}")

    @app.post("/laporan/<report_id>/terlewat")
    def missed_table(report_id: str) -> BaseResponse:
        snap, meta = _known(report_id)
        return _save(report_id, forms.missed_table(snap, meta, request.form), "terlewat")

    app.jinja_env.globals["family_of_jenis"] = family_of_jenis
    return app
