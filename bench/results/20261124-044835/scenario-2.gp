set terminal pngcairo size 640,880 noenhanced font ",9"
set output 'scenario-2.png'
set multiplot layout 3,1 title "2. The classic run: examples/http -c 10000 -n 50\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "httpd" 105110 105046 106254 8073150 "105,110"
1 "nginx" 97678 97657 97766.2 3835592 "97,678"
EOD
set title "c=10000,n=50, client http"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:127504]
set ytics ("0" 0, "50k" 50000, "100k" 100000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "httpd" 9.12 9.08 9.2 8073150 "9.12"
1 "nginx" 9.82 9.76 9.82 3835592 "9.82"
EOD
set title "c=10000,n=50, client http"
set ylabel "Server CPU/request (us)"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:11.784]
set ytics ("0" 0, "2.5" 2.5, "5" 5, "7.5" 7.5, "10" 10)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
$p3 << EOD
0 "httpd" 14160 14160 14160 8073150 "14,160"
1 "nginx" 13876 13780 13876 3835592 "13,876"
EOD
set title "c=10000,n=50, client http"
set ylabel "Server peak RSS (kB)"
set lmargin 11
set xrange [-0.6:1.6]
set yrange [0:16992]
set ytics ("0" 0, "5k" 5000, "10k" 10000, "15k" 15000)
plot $p3 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p3 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
