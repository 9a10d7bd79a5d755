import { runConnectionFaults } from '../../plugins/store-sql/test/support/fault-scenarios';

// PostgreSQL unreachable (through a proxy that is stopped) and pg_terminate_backend on the pool's connections.
runConnectionFaults('postgresql', 'PostgreSQL');
