const isNumber = require("is-number");

exports.line = (who) => `hello ${who} from the bun workspace (${isNumber(3) ? "3 is a number" : "?"})`;
