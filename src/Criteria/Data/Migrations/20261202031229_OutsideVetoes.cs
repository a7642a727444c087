using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StarPlatform.Criteria.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutsideVetoes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "outside_veto",
                table: "criteria_items",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "outside_veto",
                table: "criteria_items");
        }
    }
}
