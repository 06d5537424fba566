const isNumber = require("is-number");

exports.line = (who) => `hello ${who} from the yarn workspace (${isNumber(3) ? "3 is a number" : "?"})`;
