import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { committedVersion } from '../../common/db/cache-versions';
import { SharedFreshRead } from '../../common/concurrency/shared-fresh-read';
import { TerritoriesService } from '../territories/territories.service';
import { toCrecheResponse } from './creche.mapper';
import { CrechesRepository } from './creches.repository';

/** Lists kept at most (the whole list and one per territory asked for; the oldest stored is dropped first). */
const MAX_LISTS = 256;

/**
 * The public crèche list (`GET /creches`, everyone's first page), serialized once and held by every API process.
 * Each request reads the list's committed version (one indexed row, bumped at the commit of any change of a crèche
 * or a territory, whatever process made it) and gets the held JSON while it is the one built at that version. So a
 * change made through any instance is in the very next answer of every instance, with no notification to wait for.
 * Requests arriving together share that read, each one a read sent after it arrived (`SharedFreshRead`).
 */
@Injectable()
export class PublicCrecheList {
  private readonly held = new Map<string, { version: string; json: Promise<Buffer> }>();
  private readonly versions = new SharedFreshRead(() => committedVersion(this.dataSource, 'creches'));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: CrechesRepository,
    private readonly territories: TerritoriesService,
  ) {}

  /**
   * The list as UTF-8 JSON (every crèche, or a territory's), sorted by name. Held as bytes: encoding the 40 KB string
   * again for every answer was a good part of the route's CPU.
   */
  async json(territoryId?: string): Promise<Buffer> {
    const version = await this.versions.read('creches');
    const key = territoryId ?? '';
    const held = this.held.get(key);
    // A build under way for this version is shared by the requests that arrive meanwhile.
    if (held?.version === version) return held.json;
    const json = this.build(territoryId);
    this.held.delete(key);
    if (this.held.size >= MAX_LISTS) this.held.delete(this.held.keys().next().value!);
    this.held.set(key, { version, json });
    json.catch(() => {
      if (this.held.get(key)?.json === json) this.held.delete(key);
    });
    return json;
  }

  private async build(territoryId?: string): Promise<Buffer> {
    const [creches, territories] = await Promise.all([
      this.repo.list(this.dataSource.manager, territoryId),
      this.territories.list(),
    ]);
    const byId = new Map(territories.map((t) => [t.id, t]));
    return Buffer.from(JSON.stringify(creches.map((c) => toCrecheResponse(c, byId.get(c.territoryId)!))));
  }
}
