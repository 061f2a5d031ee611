import { benchDatabase } from './support/bench-env';
benchDatabase().then((d) => { console.log(d.databaseUrl); });
