import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../config/app-config';
import { dataSourceOptions } from './data-source-options';

/** For the TypeORM CLI (`npm run migration:*`). */
export default new DataSource(dataSourceOptions(loadConfig().databaseUrl));
