using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StarPlatform.Criteria.Data.Migrations
{
    /// <inheritdoc />
    public partial class CriteriaCatalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "criteria_sets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    unit_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    owner_division_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_criteria_sets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "star_schemes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    creation_points = table.Column<decimal>(type: "numeric(6,1)", precision: 6, scale: 1, nullable: false),
                    satisfaction_points = table.Column<decimal>(type: "numeric(6,1)", precision: 6, scale: 1, nullable: false),
                    panel_points = table.Column<decimal>(type: "numeric(6,1)", precision: 6, scale: 1, nullable: false),
                    veto_cancels_stars = table.Column<bool>(type: "boolean", nullable: false),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    notes = table.Column<string>(type: "text", nullable: true),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    thresholds = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_star_schemes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "criteria_versions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    set_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    total_points = table.Column<decimal>(type: "numeric(6,1)", precision: 6, scale: 1, nullable: false),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    notes = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    retired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_criteria_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_criteria_versions_criteria_sets_set_id",
                        column: x => x.set_id,
                        principalTable: "criteria_sets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "criteria_categories",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    version_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    points = table.Column<decimal>(type: "numeric(6,1)", precision: 6, scale: 1, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_criteria_categories", x => x.id);
                    table.ForeignKey(
                        name: "fk_criteria_categories_criteria_versions_version_id",
                        column: x => x.version_id,
                        principalTable: "criteria_versions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "criteria_items",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    version_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    category_number = table.Column<int>(type: "integer", nullable: false),
                    text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    max_points = table.Column<decimal>(type: "numeric(6,1)", precision: 6, scale: 1, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    veto = table.Column<bool>(type: "boolean", nullable: false),
                    notes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    tiers = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_criteria_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_criteria_items_criteria_versions_version_id",
                        column: x => x.version_id,
                        principalTable: "criteria_versions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_criteria_categories_version_id_number",
                table: "criteria_categories",
                columns: new[] { "version_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_criteria_items_version_id_number",
                table: "criteria_items",
                columns: new[] { "version_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_criteria_sets_code",
                table: "criteria_sets",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_criteria_versions_one_draft_per_set",
                table: "criteria_versions",
                column: "set_id",
                unique: true,
                filter: "status = 'Draft'");

            migrationBuilder.CreateIndex(
                name: "ix_criteria_versions_set_id_number",
                table: "criteria_versions",
                columns: new[] { "set_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_star_schemes_code_version",
                table: "star_schemes",
                columns: new[] { "code", "version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "criteria_categories");

            migrationBuilder.DropTable(
                name: "criteria_items");

            migrationBuilder.DropTable(
                name: "star_schemes");

            migrationBuilder.DropTable(
                name: "criteria_versions");

            migrationBuilder.DropTable(
                name: "criteria_sets");
        }
    }
}
