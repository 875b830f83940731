"""Flask extensions, created unbound; create_app() binds them."""

import sqlalchemy as sa
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.engine import Engine

from partnernet.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@sa.event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """SQLite reads its file through a small page cache by default (2 MB); the ledger's
    aggregates read tens of thousands of index entries, so map the file into memory and
    keep more of it cached. Nothing changes for PostgreSQL."""
    if type(dbapi_connection).__module__.split(".")[0] != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA mmap_size = 268435456")  # 256 MB of the file, shared with the OS
    cursor.execute("PRAGMA cache_size = -32768")  # 32 MB per connection, as pages are read
    cursor.close()
