using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StarPlatform.Scoring.Data.Migrations
{
    /// <inheritdoc />
    public partial class CriteriaVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "criteria_versions",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    unit_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    owner_division_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: true),
                    total_points = table.Column<decimal>(type: "numeric(6,1)", precision: 6, scale: 1, nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    items = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_criteria_versions", x => new { x.code, x.version });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "criteria_versions");
        }
    }
}
