import { DynamicModule, Module } from '@nestjs/common';
import { GetRegion } from './get-region/get-region.use-case';
import { ImportRegions } from './import/import-regions.use-case';
import { RegionImportRepository } from './import/region-import.repository';
import { ListChildren } from './list-children/list-children.use-case';
import { RegionDirectory } from './region-directory';
import { RegionRepository } from './region.repository';
import { RegionsController } from './regions.controller';
import { SearchRegions } from './search-regions/search-regions.use-case';

/**
 * Regions (统计用区划代码): the import of division tables with effective dates, the read API, and
 * the RegionDirectory other identity modules use. Routes only where the process serves the API
 * (a worker's HTTP server has health and metrics, and no auth guard).
 */
@Module({})
export class RegionsModule {
  static forRoot(http: boolean): DynamicModule {
    return {
      module: RegionsModule,
      controllers: http ? [RegionsController] : [],
      providers: [
        RegionRepository,
        RegionDirectory,
        RegionImportRepository,
        ImportRegions,
        ...(http ? [GetRegion, ListChildren, SearchRegions] : []),
      ],
      exports: [RegionDirectory, ImportRegions],
    };
  }
}
