using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StarPlatform.Scoring.Data.Migrations
{
    /// <inheritdoc />
    public partial class RegistryUnitCopies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "division_code",
                table: "units",
                type: "character varying(12)",
                maxLength: 12,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(6)",
                oldMaxLength: 6);

            migrationBuilder.AddColumn<int>(
                name: "revision",
                table: "units",
                type: "integer",
                nullable: false,
                // Copies made before revisions were counted reflect a registration: revision 1.
                defaultValue: 1);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "revision",
                table: "units");

            migrationBuilder.AlterColumn<string>(
                name: "division_code",
                table: "units",
                type: "character varying(6)",
                maxLength: 6,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(12)",
                oldMaxLength: 12,
                oldNullable: true);
        }
    }
}
