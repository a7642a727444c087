using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StarPlatform.Complaints.Data.Migrations
{
    /// <inheritdoc />
    public partial class CaseSagaAndAppeal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "appeal_reason",
                table: "complaints",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "appealed_at",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "prior_closed_at",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "prior_feedback",
                table: "complaints",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "prior_finding_summary",
                table: "complaints",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "prior_substantiated",
                table: "complaints",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "prior_violation",
                table: "complaints",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "complaints",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "appeal_reason",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "appealed_at",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "prior_closed_at",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "prior_feedback",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "prior_finding_summary",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "prior_substantiated",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "prior_violation",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "complaints");
        }
    }
}
