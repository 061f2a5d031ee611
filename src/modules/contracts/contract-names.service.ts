import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FamilyNamesReadModel } from '../../read-models/family-names.read-model';
import type { ContractResponseDto } from './dto/contract.dto';

/**
 * Adds the child's first name to contracts already read through the access checks, and for the crèche's staff the
 * parents' names of the child's household (two children of one first name told apart on the managers' list). A
 * parent reading a shared contract (alternating residence) is not told who lives in the other household.
 */
@Injectable()
export class ContractNamesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly names: FamilyNamesReadModel,
  ) {}

  async named<T extends ContractResponseDto>(
    contracts: T[],
    reader: 'STAFF' | 'FAMILY',
  ): Promise<(T & { childFirstName: string | null; parents?: string[] })[]> {
    const em = this.dataSource.manager;
    const childIds = contracts.map((c) => c.childId);
    const [names, parents] = await Promise.all([
      this.names.childFirstNames(em, childIds),
      reader === 'STAFF' ? this.names.childParents(em, childIds) : undefined,
    ]);
    return contracts.map((c) => ({
      ...c,
      childFirstName: names.get(c.childId) ?? null,
      ...(parents && { parents: parents.get(c.childId) ?? [] }),
    }));
  }
}
